import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Sightline

@Suite("Cost from model prices")
struct ModelPricesTests {
    @Test func costIsComputedToTheCentOfAHandCalculation() throws {
        let prices = ModelPrices.builtIn
        // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million.
        // 800,000 plain input + 200,000 cached + 500,000 output = 2.00 + 0.25 + 5.00.
        let gpt = TokenUsage(input: 1_000_000, output: 500_000, cacheRead: 200_000)
        #expect(try #require(prices.cost(of: gpt, model: "gpt-4o")) == 7.25)
        // claude-sonnet-4-5: $3 input, $0.30 cache hits, $3.75 cache writes, $15 output.
        // 5,000 × 3 + 2,000 × 0.30 + 3,000 × 3.75 + 1,000 × 15 = 41,850 per million.
        let claude = TokenUsage(input: 10_000, output: 1_000, cacheRead: 2_000, cacheCreation: 3_000)
        let cost = try #require(prices.cost(of: claude, model: "claude-sonnet-4-5-20250929"))
        #expect(abs(cost - 0.04185) < 1e-12)
        // Reasoning tokens are output tokens: they change nothing once counted in `output`.
        let reasoning = TokenUsage(input: 1_000, output: 2_000, reasoning: 1_500)
        let expected: Double = (1_000 * 2.0 + 2_000 * 8.0) / 1_000_000
        #expect(try #require(prices.cost(of: reasoning, model: "o3")) == expected)
    }

    @Test(arguments: [
        ("gpt-4o-2024-08-06", "gpt-4o"), ("openai/gpt-4o", "gpt-4o"), ("GPT-4o-mini", "gpt-4o-mini"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"), ("anthropic/claude-3-5-haiku@20241022", "claude-3-5-haiku"),
        ("models/gemini-2.5-pro", "gemini-2.5-pro"), ("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash"),
        ("gemini-2.0-flash-001", "gemini-2.0-flash"), ("mistral-large-latest", "mistral-large"),
        ("meta-llama/llama-4-maverick-17b-128e-instruct", "llama-4-maverick"),
    ])
    func datedAndPrefixedNamesMatchTheirModel(name: String, model: String) throws {
        let prices = ModelPrices.builtIn
        #expect(try #require(prices.price(for: name)) == prices.price(for: model), "\(name)")
    }

    @Test func aLongerNameIsNeverPricedAsItsFamily() {
        #expect(ModelPrices.builtIn.price(for: "gpt-5.4-pro") != ModelPrices.builtIn.price(for: "gpt-5.4"))
        #expect(ModelPrices.builtIn.price(for: "gpt-4o-realtime-audio") == nil)
        #expect(ModelPrices.builtIn.cost(of: TokenUsage(input: 10, output: 10), model: "my-finetune") == nil)
    }

    @Test func customPricesWinOverTheTable() throws {
        var prices = ModelPrices.builtIn
        prices.set(ModelPrice(input: 1, output: 2), for: "gpt-4o")
        prices.set(ModelPrice(input: 4, output: 4), for: "acme/house-model")
        #expect(try #require(prices.cost(of: TokenUsage(input: 1_000_000, output: 1_000_000), model: "gpt-4o-2024-08-06")) == 3)
        #expect(try #require(prices.cost(of: TokenUsage(input: 500_000), model: "house-model")) == 2)
    }

    @Test func everyEntryNamesItsSourceAndDate() {
        #expect(ModelPriceTable.entries.count >= 40)
        for entry in ModelPriceTable.entries {
            #expect(entry.source.hasPrefix("https://"), "\(entry.model)")
            #expect(entry.asOf.count == 10 && entry.asOf.hasPrefix("2026-"), "\(entry.model)")
            #expect(entry.price.input >= 0 && entry.price.output >= 0)
        }
        let providers = ["gpt-", "claude-", "gemini-", "mistral-", "llama-"]
        for prefix in providers { #expect(ModelPriceTable.entries.contains { $0.model.hasPrefix(prefix) }, "\(prefix)") }
    }

    // MARK: In the SDK

    private static func exported(computesCost: Bool = true, prices: ModelPrices = .builtIn,
                                 _ record: @Sendable (Span) -> Void) async throws -> (FinishedSpan, Sightline) {
        let exporter = InMemoryExporter()
        var config = Configuration(exporter: .custom(exporter), conventions: [.genAI], batch: .init(scheduleDelay: .milliseconds(10)))
        config.computesCost = computesCost
        config.modelPrices = prices
        let sdk = Sightline(config)
        sdk.withSpan("call", type: .llm) { record($0) }
        await sdk.flush()
        await sdk.shutdown()
        return (try #require(exporter.spans.first), sdk)
    }

    @Test func theSDKComputesACostThatWasNotGivenAndMarksIt() async throws {
        let (span, _) = try await Self.exported { span in
            span.model = "gpt-4o"
            span.responseModel = "gpt-4o-2024-08-06"
            span.usage = TokenUsage(input: 1_000, output: 100)
        }
        let expected: Double = (1_000 * 2.5 + 100 * 10.0) / 1_000_000
        #expect(span.usage?.cost == expected)
        #expect(span.attributes.contains(Attribute(SightlineKeys.costComputed, .bool(true))))
        #expect(span.attributes.contains(Attribute(SightlineKeys.cost, .double(expected))))
    }

    @Test func anExplicitCostAlwaysWins() async throws {
        let (span, _) = try await Self.exported { span in
            span.model = "gpt-4o"
            span.usage = TokenUsage(input: 1_000, output: 100, cost: 0.5)
        }
        #expect(span.usage?.cost == 0.5)
        #expect(!span.attributes.contains { $0.key == SightlineKeys.costComputed })
    }

    @Test func anUnknownModelLeavesTheCostUnknownAndIsCounted() async throws {
        let (span, sdk) = try await Self.exported { span in
            span.model = "house-model-v2"
            span.usage = TokenUsage(input: 1_000, output: 100)
        }
        #expect(span.usage?.cost == nil)
        #expect(!span.attributes.contains { $0.key == SightlineKeys.cost })
        #expect(sdk.diagnostics.value(of: .costsUnknownModel) == 1)
    }

    @Test func theSwitchTurnsItOff() async throws {
        let (span, sdk) = try await Self.exported(computesCost: false) { span in
            span.model = "gpt-4o"
            span.usage = TokenUsage(input: 1_000, output: 100)
        }
        #expect(span.usage?.cost == nil)
        #expect(sdk.diagnostics.value(of: .costsUnknownModel) == 0)
    }
}

@Suite("Cache and reasoning tokens")
struct UsageDetailsTests {
    private static func span(_ convention: Convention) -> FinishedSpan {
        var span = FinishedSpan(name: "call", context: SpanContext(traceId: TraceID(high: 1, low: 2), spanId: SpanID(3), isSampled: true),
                                type: .llm, startTime: Timestamp(nanosecondsSinceEpoch: 1))
        span.usage = TokenUsage(input: 1_200, output: 300, cacheRead: 1_000, cacheCreation: 150, reasoning: 200)
        for processor in Convention.processors(for: [convention], customMetadataOnEverySpan: false) { processor.process(&span) }
        return span
    }

    @Test(arguments: [Convention.genAI, .langWatch, .laminar])
    func theGenAIKeysCarryThem(convention: Convention) {
        let span = Self.span(convention)
        #expect(span.attributes.contains(Attribute("gen_ai.usage.cache_read.input_tokens", .int(1_000))))
        #expect(span.attributes.contains(Attribute("gen_ai.usage.cache_creation.input_tokens", .int(150))))
        #expect(span.attributes.contains(Attribute("gen_ai.usage.reasoning.output_tokens", .int(200))))
    }

    @Test func openInferenceHasItsOwnKeys() {
        let span = Self.span(.openInference)
        #expect(span.attributes.contains(Attribute("llm.token_count.prompt_details.cache_read", .int(1_000))))
        #expect(span.attributes.contains(Attribute("llm.token_count.prompt_details.cache_write", .int(150))))
        #expect(span.attributes.contains(Attribute("llm.token_count.completion_details.reasoning", .int(200))))
    }
}

@Suite("Prices from SIGHTLINE_MODEL_PRICES")
struct ModelPricesFileTests {
    private static func withFile(_ text: String, _ body: (String) throws -> Void) rethrows {
        let path = "/tmp/sightline-prices-\(UInt64.random(in: 0...UInt64.max)).json"
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
        defer { remove(path) }
        try body(path)
    }

    @Test func aFileOfPricesWinsOverTheTable() throws {
        try Self.withFile(#"{"gpt-4o": {"input": 1, "output": 2}, "house-model": {"input": 4, "output": 8, "cache_read": 0.5}}"#) { path in
            let config = Configuration.fromEnvironment(environment: ["SIGHTLINE_MODEL_PRICES": path])
            #expect(config.warnings.isEmpty, "\(config.warnings)")
            #expect(config.modelPrices.cost(of: TokenUsage(input: 1_000_000, output: 1_000_000), model: "gpt-4o") == 3)
            #expect(config.modelPrices.price(for: "house-model") == ModelPrice(input: 4, output: 8, cacheRead: 0.5))
            #expect(config.modelPrices.price(for: "claude-haiku-4-5") == ModelPrices.builtIn.price(for: "claude-haiku-4-5"))
        }
    }

    @Test(arguments: [
        ("not json", "invalid JSON"),
        (#"[1, 2]"#, "JSON object"),
        (#"{"m": {"input": -1, "output": 2}}"#, "'m' needs non-negative"),
    ])
    func aBadFileWarnsAndKeepsTheTable(text: String, warning: String) throws {
        try Self.withFile(text) { path in
            let config = Configuration.fromEnvironment(environment: ["SIGHTLINE_MODEL_PRICES": path])
            #expect(config.warnings.count == 1)
            #expect(config.warnings.first?.contains(warning) == true, "\(config.warnings)")
            #expect(config.modelPrices.price(for: "gpt-4o") == ModelPrices.builtIn.price(for: "gpt-4o"))
        }
    }

    @Test func aMissingFileWarns() {
        let config = Configuration.fromEnvironment(environment: ["SIGHTLINE_MODEL_PRICES": "/nonexistent/prices.json"])
        #expect(config.warnings.first?.contains("cannot be read") == true)
    }
}
