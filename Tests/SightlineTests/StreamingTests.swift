import Testing
@testable import Sightline

@Suite("Streamed LLM calls")
struct StreamingTests {
    private struct StreamBroke: Error {}

    /// Chunks with a delay before the first, then `failAfter` chunks at most before an error.
    private static func chunks(_ texts: [String], firstDelay: Duration,
                               failAfter: Int? = nil) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let producer = Task {
                try? await Task.sleep(for: firstDelay)
                for (index, text) in texts.enumerated() {
                    if index == failAfter { return continuation.finish(throwing: StreamBroke()) }
                    continuation.yield(text)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in producer.cancel() }
        }
    }

    @Test func timeToFirstChunkIsTheDelayBeforeTheFirstChunk() async throws {
        let (sdk, exporter) = makeSDK(conventions: [.genAI, .langWatch])
        let clock = ContinuousClock()
        let began = clock.now
        var firstSeen: ContinuousClock.Instant?
        try await sdk.withSpan("chat", type: .llm) { span in
            for try await text in Self.chunks(["Hel", "lo", "!"], firstDelay: .milliseconds(150)) {
                span.recordChunk(text: text)
                if firstSeen == nil { firstSeen = clock.now }
            }
        }
        // What the caller itself saw before the first chunk: the span's figure lies between the
        // delay and that, however late a loaded machine delivered the chunk.
        let observed = began.duration(to: try #require(firstSeen))
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        let ttft = try #require(span.timeToFirstChunk)
        #expect(ttft >= .milliseconds(150))
        #expect(ttft <= observed + .milliseconds(5), "time to first token \(ttft), seen by the caller after \(observed)")
        #expect(span.output == .text("Hello!"))
        #expect(span.attributes.contains(Attribute("gen_ai.request.stream", .bool(true))))
        let written = try #require(span.attributes.first { $0.key == "gen_ai.response.time_to_first_chunk" }?.value)
        guard case .double(let seconds) = written else { Issue.record("not seconds: \(written)"); return }
        #expect(abs(seconds - ttft.seconds) < 1e-9)
        #expect(span.attributes.contains(Attribute("langwatch.gen_ai.streaming", .bool(true))))
        let timestamps = try #require(span.attributes.first { $0.key == "langwatch.timestamps" }?.value.stringValue)
        let parsed = try JSONValue(parsing: timestamps.utf8)
        #expect(parsed == ["started_at": .int(Int64(span.startTime.nanosecondsSinceEpoch / 1_000_000)),
                           "first_token_at": .int(Int64(try #require(span.firstChunkTime).nanosecondsSinceEpoch / 1_000_000)),
                           "finished_at": .int(Int64(span.endTime.nanosecondsSinceEpoch / 1_000_000))])
    }

    @Test func timeToFirstChunkIsExactWithGivenArrivalTimes() async throws {
        let (sdk, exporter) = makeSDK()
        let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let span = sdk.startSpan("chat", type: .llm, startTime: start)
        for (index, text) in ["a", "b", "c"].enumerated() {
            let arrival = start.nanosecondsSinceEpoch + 150_000_000 + UInt64(index) * 20_000_000
            span.recordChunk(text: text, at: Timestamp(nanosecondsSinceEpoch: arrival))
        }
        span.end(at: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 400_000_000))
        await sdk.flush()
        let finished = try #require(exporter.spans.first)
        #expect(finished.timeToFirstChunk == .milliseconds(150))
        #expect(finished.output == .text("abc"))
    }

    @Test func aStreamThatThrowsAfterThreeChunksKeepsThemAndTheError() async throws {
        let (sdk, exporter) = makeSDK()
        await #expect(throws: StreamBroke.self) {
            try await sdk.withSpan("chat", type: .llm) { span in
                for try await text in Self.chunks(["one ", "two ", "three ", "four"], firstDelay: .zero, failAfter: 3) {
                    span.recordChunk(text: text)
                }
            }
        }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.output == .text("one two three "))
        #expect(span.status.isError)
        #expect(span.events.contains { $0.name == "exception" })
    }

    @Test func aCancelledStreamKeepsWhatArrived() async throws {
        let (sdk, exporter) = makeSDK()
        let consumer = Task {
            try await sdk.withSpan("chat", type: .llm) { span in
                var received = 0
                for try await text in Self.chunks(["a", "b", "c", "d", "e"], firstDelay: .zero) {
                    span.recordChunk(text: text)
                    received += 1
                    if received == 3 { withUnsafeCurrentTask { $0?.cancel() } }
                    try Task.checkCancellation()
                }
            }
        }
        _ = await consumer.result
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.output == .text("abc"))
        #expect(span.status.isError)
    }

    @Test func toolCallDeltasArePutTogether() async throws {
        let (sdk, exporter) = makeSDK()
        sdk.withSpan("chat", type: .llm) { span in
            span.recordChunk(text: "Let me check.")
            span.recordChunk(toolCalls: [ToolCallDelta(index: 0, id: "call_1", name: "weather", arguments: #"{"ci"#)])
            span.recordChunk(toolCalls: [ToolCallDelta(index: 1, id: "call_2", name: "time", arguments: "{}"),
                                         ToolCallDelta(index: 0, arguments: #"ty":"Paris"}"#)])
        }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.output == .chatMessages([.assistant("Let me check.", toolCalls: [
            ToolCall(id: "call_1", name: "weather", arguments: ["city": "Paris"]),
            ToolCall(id: "call_2", name: "time", arguments: [:]),
        ])]))
    }

    @Test func anExplicitOutputWinsOverTheChunks() async throws {
        let (sdk, exporter) = makeSDK()
        sdk.withSpan("chat", type: .llm) { span in
            span.recordChunk(text: "draft")
            span.setOutput(.text("final"))
        }
        await sdk.flush()
        #expect(exporter.spans.first?.output == .text("final"))
    }

    @Test func aStreamWithNoChunkIsStillAStream() async throws {
        let (sdk, exporter) = makeSDK(conventions: [.genAI])
        sdk.withSpan("chat", type: .llm) { span in span.startStreaming() }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.isStreaming && span.timeToFirstChunk == nil && span.output == nil)
        #expect(span.attributes.contains(Attribute("gen_ai.request.stream", .bool(true))))
        #expect(!span.attributes.contains { $0.key == "gen_ai.response.time_to_first_chunk" })
    }
}
