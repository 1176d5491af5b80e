/// The model prices shipped with Sightline, in US dollars per million tokens, standard
/// (non-batch) rates, prompts up to 200,000 tokens where a provider charges more above.
///
/// Prices are facts taken from each provider's published price page; every entry names the
/// page and the date its figures were read. Prices change: set your own in code
/// (``ModelPrices/set(_:for:)``, `Configuration.modelPrices`) or in a JSON file named by
/// `SIGHTLINE_MODEL_PRICES`; both win over this table.
public enum ModelPriceTable {
    /// One model's price, and where it comes from.
    public struct Entry: Sendable, Hashable {
        /// The model's name as providers report it.
        public let model: String
        /// Its price.
        public let price: ModelPrice
        /// The provider's page the figures were taken from.
        public let source: String
        /// When they were read there (YYYY-MM-DD).
        public let asOf: String
    }

    static let openAI = "https://platform.openai.com/docs/pricing"
    static let anthropic = "https://docs.anthropic.com/en/docs/about-claude/pricing"
    static let google = "https://ai.google.dev/gemini-api/docs/pricing"
    static let mistral = "https://mistral.ai/pricing#api-pricing"
    /// Meta sells no Llama API of its own: these are Cerebras's published rates for the Llama
    /// models it hosts. Other hosts charge differently; set your host's price.
    static let llama = "https://inference-docs.cerebras.ai/models/llama-4-maverick (and /llama-4-scout)"

    private static func entry(_ model: String, _ input: Double, _ output: Double, cacheRead: Double? = nil,
                              cacheWrite: Double? = nil, _ source: String, _ asOf: String) -> Entry {
        Entry(model: model, price: ModelPrice(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite),
              source: source, asOf: asOf)
    }

    /// Every entry, by provider.
    public static let entries: [Entry] = [
        // OpenAI: input, cached input, output.
        entry("gpt-5.5", 5.00, 30.00, cacheRead: 0.50, openAI, "2026-06-01"),
        entry("gpt-5.5-pro", 30.00, 180.00, openAI, "2026-06-01"),
        entry("gpt-5.4", 2.50, 15.00, cacheRead: 0.25, openAI, "2026-06-01"),
        entry("gpt-5.4-pro", 30.00, 180.00, openAI, "2026-06-01"),
        entry("gpt-5.4-mini", 0.75, 4.50, cacheRead: 0.075, openAI, "2026-06-01"),
        entry("gpt-5.4-nano", 0.20, 1.25, cacheRead: 0.02, openAI, "2026-06-01"),
        entry("gpt-5.1", 1.25, 10.00, cacheRead: 0.125, openAI, "2026-03-21"),
        entry("gpt-5", 1.25, 10.00, cacheRead: 0.125, openAI, "2026-03-21"),
        entry("gpt-5-mini", 0.25, 2.00, cacheRead: 0.025, openAI, "2026-03-21"),
        entry("gpt-5-nano", 0.05, 0.40, cacheRead: 0.005, openAI, "2026-03-21"),
        entry("gpt-4.1", 2.00, 8.00, cacheRead: 0.50, openAI, "2026-03-21"),
        entry("gpt-4.1-mini", 0.40, 1.60, cacheRead: 0.10, openAI, "2026-03-21"),
        entry("gpt-4.1-nano", 0.10, 0.40, cacheRead: 0.025, openAI, "2026-03-21"),
        entry("gpt-4o", 2.50, 10.00, cacheRead: 1.25, openAI, "2026-03-21"),
        entry("gpt-4o-mini", 0.15, 0.60, cacheRead: 0.075, openAI, "2026-03-21"),
        entry("o3", 2.00, 8.00, cacheRead: 0.50, openAI, "2026-03-21"),
        entry("o3-mini", 1.10, 4.40, cacheRead: 0.55, openAI, "2026-03-21"),
        entry("o4-mini", 1.10, 4.40, cacheRead: 0.275, openAI, "2026-03-21"),
        entry("text-embedding-3-small", 0.02, 0, openAI, "2026-03-21"),
        entry("text-embedding-3-large", 0.13, 0, openAI, "2026-03-21"),

        // Anthropic: base input, 5-minute cache writes, cache hits, output.
        entry("claude-opus-4-6", 5.00, 25.00, cacheRead: 0.50, cacheWrite: 6.25, anthropic, "2026-03-21"),
        entry("claude-opus-4-5", 5.00, 25.00, cacheRead: 0.50, cacheWrite: 6.25, anthropic, "2026-03-21"),
        entry("claude-opus-4-1", 15.00, 75.00, cacheRead: 1.50, cacheWrite: 18.75, anthropic, "2026-03-21"),
        entry("claude-opus-4", 15.00, 75.00, cacheRead: 1.50, cacheWrite: 18.75, anthropic, "2026-03-21"),
        entry("claude-sonnet-4-6", 3.00, 15.00, cacheRead: 0.30, cacheWrite: 3.75, anthropic, "2026-03-21"),
        entry("claude-sonnet-4-5", 3.00, 15.00, cacheRead: 0.30, cacheWrite: 3.75, anthropic, "2026-03-21"),
        entry("claude-sonnet-4", 3.00, 15.00, cacheRead: 0.30, cacheWrite: 3.75, anthropic, "2026-03-21"),
        entry("claude-3-5-sonnet", 3.00, 15.00, cacheRead: 0.30, cacheWrite: 3.75, anthropic, "2026-03-21"),
        entry("claude-3-7-sonnet", 3.00, 15.00, cacheRead: 0.30, cacheWrite: 3.75, anthropic, "2026-03-21"),
        entry("claude-haiku-4-5", 1.00, 5.00, cacheRead: 0.10, cacheWrite: 1.25, anthropic, "2026-03-21"),
        entry("claude-3-5-haiku", 0.80, 4.00, cacheRead: 0.08, cacheWrite: 1.00, anthropic, "2026-03-21"),
        entry("claude-3-haiku", 0.25, 1.25, cacheRead: 0.03, cacheWrite: 0.30, anthropic, "2026-03-21"),

        // Google Gemini API: input, context-cache reads, output (prompts up to 200k tokens).
        entry("gemini-3.1-pro", 2.00, 12.00, cacheRead: 0.20, google, "2026-06-01"),
        entry("gemini-3-flash", 0.50, 3.00, cacheRead: 0.05, google, "2026-06-01"),
        entry("gemini-2.5-pro", 1.25, 10.00, cacheRead: 0.125, google, "2026-03-21"),
        entry("gemini-2.5-flash", 0.30, 2.50, cacheRead: 0.03, google, "2026-03-21"),
        entry("gemini-2.5-flash-lite", 0.10, 0.40, cacheRead: 0.01, google, "2026-06-01"),
        entry("gemini-2.0-flash", 0.10, 0.40, cacheRead: 0.025, google, "2026-06-01"),

        // Mistral: input, output (no cache discount published).
        entry("mistral-medium-3.5", 1.50, 7.50, mistral, "2026-06-01"),
        entry("mistral-large-3", 0.50, 1.50, mistral, "2026-06-01"),
        entry("mistral-large", 0.50, 1.50, mistral, "2026-06-01"),
        entry("mistral-small-4", 0.10, 0.30, mistral, "2026-06-01"),
        entry("mistral-small", 0.10, 0.30, mistral, "2026-06-01"),
        entry("magistral-medium", 2.00, 5.00, mistral, "2026-06-01"),
        entry("magistral-small", 0.50, 1.50, mistral, "2026-06-01"),
        entry("codestral", 0.30, 0.90, mistral, "2026-06-01"),

        // Meta Llama, as hosted by Cerebras: input, output.
        entry("llama-4-maverick-17b-128e-instruct", 0.20, 0.60, llama, "2026-06-01"),
        entry("llama-4-maverick", 0.20, 0.60, llama, "2026-06-01"),
        entry("llama-4-scout-17b-16e-instruct", 0.65, 0.85, llama, "2026-06-01"),
        entry("llama-4-scout", 0.65, 0.85, llama, "2026-06-01"),
    ]

    /// ``entries`` by normalised model name.
    static let prices: [String: ModelPrice] = Dictionary(
        entries.map { (ModelPrices.normalized($0.model), $0.price) }, uniquingKeysWith: { first, _ in first })
}
