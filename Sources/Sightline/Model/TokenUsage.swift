/// Tokens an LLM call consumed and what it cost.
///
/// Counts follow the OpenTelemetry GenAI conventions: ``inputTokens`` counts every input token,
/// those read from or written to the provider's prompt cache included, and ``outputTokens``
/// every output token, reasoning included. (Anthropic's `input_tokens` leaves the cache tokens
/// out: add `cache_read_input_tokens` and `cache_creation_input_tokens` to it.)
public struct TokenUsage: Sendable, Hashable {
    /// Every input token, prompt-cache reads and writes included (`gen_ai.usage.input_tokens`).
    public var inputTokens: Int?
    /// Every output token, reasoning included (`gen_ai.usage.output_tokens`).
    public var outputTokens: Int?
    /// Input tokens served from the provider's prompt cache (`gen_ai.usage.cache_read.input_tokens`),
    /// billed at the cache-read price.
    public var cacheReadInputTokens: Int?
    /// Input tokens written to the provider's prompt cache (`gen_ai.usage.cache_creation.input_tokens`),
    /// billed at the cache-write price.
    public var cacheCreationInputTokens: Int?
    /// Output tokens the model spent reasoning before it answered (`gen_ai.usage.reasoning.output_tokens`),
    /// billed as output.
    public var reasoningOutputTokens: Int?
    /// Cost in the account's currency (usually USD). Left nil, the SDK computes it from the
    /// model's price when it knows the model (see ``ModelPrices``).
    public var cost: Double?

    /// Records what a call used; leave out what the provider did not report.
    ///
    /// ```swift
    /// span.usage = TokenUsage(input: 1_200, output: 85, cacheRead: 1_024)
    /// ```
    /// - Parameters:
    ///   - input: every input token, cache reads and writes included.
    ///   - output: every output token, reasoning included.
    ///   - cacheRead: input tokens served from the prompt cache.
    ///   - cacheCreation: input tokens written to the prompt cache.
    ///   - reasoning: output tokens spent reasoning.
    ///   - cost: the cost; nil lets the SDK compute it from the model's price.
    public init(input: Int? = nil, output: Int? = nil, cacheRead: Int? = nil, cacheCreation: Int? = nil,
                reasoning: Int? = nil, cost: Double? = nil) {
        self.inputTokens = input
        self.outputTokens = output
        self.cacheReadInputTokens = cacheRead
        self.cacheCreationInputTokens = cacheCreation
        self.reasoningOutputTokens = reasoning
        self.cost = cost
    }

    /// Input plus output tokens; nil when neither is known.
    public var totalTokens: Int? {
        guard inputTokens != nil || outputTokens != nil else { return nil }
        return (inputTokens ?? 0) + (outputTokens ?? 0)
    }
}
