import Testing
@testable import Sightline

/// The attributes the Langfuse convention writes, as Langfuse reads them (``LangfuseKeys``).
@Suite struct LangfuseConventionTests {
    private static let identity = TraceMetadata(userId: "u-1", threadId: "conv-9", customerId: "acme",
                                                labels: ["production"], custom: ["variant": "B", "customer_id": "other"])
    private static let start = Timestamp(nanosecondsSinceEpoch: 1_764_873_600_000_000_000)  // 2025-12-04T18:40:00Z

    private static func span(type: SpanType = .llm, root: Bool) -> FinishedSpan {
        FinishedSpan(name: "chat",
                     context: SpanContext(traceId: TraceID(high: 1, low: 2), spanId: SpanID(root ? 3 : 4), isSampled: true),
                     parentSpanId: root ? nil : SpanID(3), type: type, startTime: start, traceMetadata: identity)
    }

    private static func processed(_ span: FinishedSpan) -> FinishedSpan {
        var span = span
        LangfuseConvention().process(&span)
        return span
    }

    @Test(arguments: [
        (SpanType.llm, "generation"), (.embedding, "embedding"), (.tool, "tool"), (.agent, "agent"),
        (.rag, "retriever"), (.workflow, "chain"), (.evaluation, "evaluator"), (.guardrail, "guardrail"),
        (.span, "span"),
    ])
    func observationType(type: SpanType, expected: String) {
        #expect(Self.processed(Self.span(type: type, root: false)).attribute("langfuse.observation.type") == .string(expected))
    }

    @Test func traceIdentityTagsAndMetadata() {
        var child = Self.span(root: false)
        child.labels = ["exp"]
        let written = Self.processed(child)
        #expect(written.attribute("langfuse.user.id") == "u-1")
        #expect(written.attribute("langfuse.session.id") == "conv-9")
        #expect(written.attribute("langfuse.trace.tags") == .array(["production", "exp"]))
        // Langfuse has no customer key: the customer id is trace metadata, and wins over a custom entry.
        #expect(written.attribute("langfuse.trace.metadata.customer_id") == "acme")
        // Custom metadata goes on the root only.
        #expect(written.attribute("langfuse.trace.metadata.variant") == nil)
        #expect(Self.processed(Self.span(root: true)).attribute("langfuse.trace.metadata.variant") == "B")
    }

    @Test func inputOutputOfTheObservationAndOfTheTraceOnItsRoot() {
        var root = Self.span(type: .workflow, root: true)
        root.input = .text("Weather in Paris?")
        root.output = .json(["answer": "18C"])
        let written = Self.processed(root)
        #expect(written.attribute("langfuse.observation.input") == #""Weather in Paris?""#)
        #expect(written.attribute("langfuse.observation.output") == #"{"answer":"18C"}"#)
        #expect(written.attribute("langfuse.trace.input") == #""Weather in Paris?""#)
        #expect(written.attribute("langfuse.trace.output") == #"{"answer":"18C"}"#)

        var child = Self.span(root: false)
        child.input = .chatMessages([.user("Hi")])
        let childWritten = Self.processed(child)
        #expect(childWritten.attribute("langfuse.observation.input") == #"[{"content":"Hi","role":"user"}]"#)
        #expect(childWritten.attribute("langfuse.trace.input") == nil)
    }

    @Test func modelUsageAndCostDetails() throws {
        var span = Self.span(root: false)
        span.model = "gpt-4o"
        span.responseModel = "gpt-4o-2024-08-06"
        span.usage = TokenUsage(input: 12, output: 5, cacheRead: 3, cacheCreation: 2, reasoning: 4, cost: 0.0002)
        let written = Self.processed(span)
        #expect(written.attribute("langfuse.observation.model.name") == "gpt-4o")
        let usage = try #require(written.attribute("langfuse.observation.usage_details")?.stringValue)
        #expect(try JSONValue(parsing: usage.utf8) == ["input": 12, "output": 5, "total": 17, "input_cache_read": 3,
                                                       "input_cache_creation": 2, "output_reasoning": 4])
        #expect(written.attribute("langfuse.observation.cost_details") == #"{"total":0.0002}"#)

        // No cost known: no cost details, so Langfuse infers it from its own prices.
        span.usage = TokenUsage(input: 12)
        let tokensOnly = Self.processed(span)
        #expect(tokensOnly.attribute("langfuse.observation.cost_details") == nil)
        #expect(tokensOnly.attribute("langfuse.observation.usage_details") == #"{"input":12,"total":12}"#)
    }

    @Test func completionStartTimeOfAStreamedCall() {
        var span = Self.span(root: false)
        span.isStreaming = true
        #expect(Self.processed(span).attribute("langfuse.observation.completion_start_time") == nil)
        span.firstChunkTime = Timestamp(nanosecondsSinceEpoch: Self.start.nanosecondsSinceEpoch + 250_400_000)
        #expect(Self.processed(span).attribute("langfuse.observation.completion_start_time") == "2025-12-04T18:40:00.250Z")
    }

    @Test func levelAndStatusMessageOfAFailedSpan() {
        var span = Self.span(type: .tool, root: false)
        #expect(Self.processed(span).attribute("langfuse.observation.level") == nil)
        span.status = .error(description: "weather service unavailable")
        let written = Self.processed(span)
        #expect(written.attribute("langfuse.observation.level") == "ERROR")
        #expect(written.attribute("langfuse.observation.status_message") == "weather service unavailable")
    }
}
