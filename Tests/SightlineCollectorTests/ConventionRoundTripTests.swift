import Sightline
import SightlineCollector
import Testing

/// One round trip per convention: a trace written by the SDK with that convention alone, encoded
/// to binary OTLP, decoded and normalised by the collector, gives back the neutral fields the
/// convention has keys for. Writer and reader share the convention's key definitions
/// (``GenAIKeys``, ``LangWatchKeys``, …), so a key renamed on one side only fails here.
///
/// Adding a convention is one test here: say what it carries, and call ``roundTrip(_:_:)``.
struct ConventionRoundTripTests {
    /// What a convention can carry beyond the fields every convention has.
    struct Carried {
        /// The span type the workflow root reads back as (some conventions fold workflows into a
        /// general step).
        var workflowReadsAs: SpanType = .workflow
        /// Whether the convention has a key for the time to first token of a streamed call.
        var timeToFirstToken = true
    }

    static let identity = TraceMetadata(
        userId: "u-1", threadId: "conv-9", customerId: "acme", labels: ["production"],
        custom: ["variant": "B", "score": 0.9, "flags": ["new-ui", "beta"]])

    /// How long the simulated model takes to send its first chunk.
    static let firstChunkDelay = Duration.milliseconds(40)

    /// A workflow root, a streamed LLM call with every usage figure, and a tool call.
    static func record(_ sdk: Sightline) async throws {
        try await sdk.withTrace("handle-message", type: .workflow, metadata: identity) { _ in
            try await sdk.withSpan("chat", type: .llm) { span in
                span.model = "gpt-4o"
                span.usage = TokenUsage(input: 12, output: 5, cacheRead: 3, cacheCreation: 2, reasoning: 4, cost: 0.0002)
                span.addLabels(["exp"])
                span.setInput(.chatMessages([.system("Be brief."), .user("Weather in Paris?")]))
                span.startStreaming()
                try await Task.sleep(for: firstChunkDelay)
                span.recordChunk(text: "18C and ")
                span.recordChunk(text: "sunny")
            }
            sdk.withSpan("weather", type: .tool) { span in
                span.setInput(.json(["city": "Paris"]))
                span.setOutput(.text("18C"))
            }
        }
    }

    /// Records ``record(_:)`` with `convention` alone and checks every neutral field it carries.
    func roundTrip(_ convention: Convention, _ carried: Carried,
                   sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let spans = try await collectedThroughOTLP(conventions: [convention], record: Self.record)
        let byName = Dictionary(spans.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let root = try #require(byName["handle-message"], sourceLocation: sourceLocation)
        let chat = try #require(byName["chat"], sourceLocation: sourceLocation)
        let tool = try #require(byName["weather"], sourceLocation: sourceLocation)

        for span in spans {
            #expect(span.userId == "u-1" && span.threadId == "conv-9" && span.customerId == "acme",
                    "\(span.name)", sourceLocation: sourceLocation)
        }
        #expect(root.labels == ["production"] && chat.labels == ["production", "exp"], sourceLocation: sourceLocation)
        #expect(root.metadata == ["variant": "B", "score": 0.9, "flags": ["new-ui", "beta"]],
                sourceLocation: sourceLocation)
        #expect(chat.metadata.isEmpty, "custom metadata goes on the root only", sourceLocation: sourceLocation)

        #expect(root.type == carried.workflowReadsAs, sourceLocation: sourceLocation)
        #expect(chat.type == .llm && tool.type == .tool, sourceLocation: sourceLocation)

        #expect(chat.input.map(ContentText.readable) == "Weather in Paris?", sourceLocation: sourceLocation)
        #expect(chat.output.map(ContentText.readable) == "18C and sunny", sourceLocation: sourceLocation)
        #expect(tool.input == #"{"city":"Paris"}"# && tool.output.map(ContentText.readable) == "18C",
                sourceLocation: sourceLocation)

        #expect(chat.model == "gpt-4o", sourceLocation: sourceLocation)
        #expect(chat.inputTokens == 12 && chat.outputTokens == 5, sourceLocation: sourceLocation)
        #expect(chat.cacheReadTokens == 3 && chat.cacheCreationTokens == 2 && chat.reasoningTokens == 4,
                sourceLocation: sourceLocation)
        #expect(chat.cost == 0.0002 && !chat.costComputed, sourceLocation: sourceLocation)

        if carried.timeToFirstToken {
            let first = try #require(chat.firstTokenTime, sourceLocation: sourceLocation)
            // Conventions that write milliseconds lose up to one.
            let waited = Double(Int64(first.nanosecondsSinceEpoch) - Int64(chat.startTime.nanosecondsSinceEpoch)) / 1e9
            let delay = Double(Self.firstChunkDelay.components.attoseconds) / 1e18
            #expect(waited >= delay - 0.001, sourceLocation: sourceLocation)
            #expect(first <= chat.endTime, sourceLocation: sourceLocation)
        } else {
            #expect(chat.firstTokenTime == nil, sourceLocation: sourceLocation)
        }
    }

    // MARK: One test per convention

    @Test func genAI() async throws {
        // Sightline's own keys carry the customer, labels, custom metadata and cost beside GenAI.
        try await roundTrip(.genAI, Carried())
    }

    @Test func langWatch() async throws {
        try await roundTrip(.langWatch, Carried())
    }

    @Test func laminar() async throws {
        try await roundTrip(.laminar, Carried(workflowReadsAs: .span, timeToFirstToken: false))
    }

    @Test func openInference() async throws {
        try await roundTrip(.openInference, Carried(workflowReadsAs: .span, timeToFirstToken: false))
    }

    @Test func langfuse() async throws {
        try await roundTrip(.langfuse, Carried())
    }
}
