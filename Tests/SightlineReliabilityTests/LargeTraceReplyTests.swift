import Foundation
import Sightline
import SightlineCollector
import Testing

/// Replies stay small however large the stored values: trace lists carry previews of inputs and
/// outputs, and a trace's spans come a page at a time. A list of eight traces with a 12 MB
/// input each was once a 96 MB reply, and a 100,000-span trace one of 32 MB.
@Suite("Large trace replies", .timeLimit(.minutes(1)))
struct LargeTraceReplyTests {
    static func span(_ trace: String, _ id: String, parent: String? = nil, start: UInt64, input: String? = nil,
                     user: String? = nil) -> CollectedSpan {
        CollectedSpan(traceId: trace, spanId: id, parentSpanId: parent, name: id, startTime: Timestamp(nanosecondsSinceEpoch: start),
                      endTime: Timestamp(nanosecondsSinceEpoch: start + 1), input: input, output: input, userId: user)
    }

    @Test func traceListsCarryPreviewsOfLargeInputsAndOutputs() async throws {
        try await InProcessCollector.with { collector in
            let large = String(repeating: "0123456789", count: 200_000)  // 2 MB
            try collector.store.ingest((0..<8).map { Self.span("big-\($0)", "root", start: 1_000 + UInt64($0), input: large, user: "big") })
            let chat = #"[{"role":"user","content":"\#(String(repeating: "Hi there. ", count: 100))"}]"#
            try collector.store.ingest([Self.span("small", "root", start: 1, input: #"[{"role":"user","content":"Hi there"}]"#, user: "big"),
                                        Self.span("chat", "root", start: 2, input: chat, user: "big")])
            let reply = try await collector.send(.GET, "/api/traces?user=big")
            #expect(reply.status == 200)
            #expect(reply.body.count < 16_000, "a list of 10 traces took \(reply.body.count) bytes")
            let traces = try JSONDecoder().decode([TraceSummary].self, from: Data(reply.body))
            #expect(traces.count == 10)
            for trace in traces where trace.traceId.hasPrefix("big") {
                #expect(trace.input == String(large.prefix(300)) && trace.inputIsTruncated)
                #expect(trace.output == String(large.prefix(300)) && trace.outputIsTruncated)
            }
            // A short value is itself; a long chat is the start of its last message's text.
            let small = try #require(traces.first { $0.traceId == "small" })
            #expect(small.input == #"[{"role":"user","content":"Hi there"}]"# && !small.inputIsTruncated)
            let long = try #require(traces.first { $0.traceId == "chat" })
            #expect(long.input == String(String(repeating: "Hi there. ", count: 100).prefix(300)) && long.inputIsTruncated)
            // The whole value is the root span's, in the trace's detail.
            let detail = try JSONDecoder().decode(TraceDetail.self, from: Data(try await collector.send(.GET, "/api/traces/big-0").body))
            #expect(detail.spans.first?.span.input == large)
        }
    }

    @Test func aTracesSpansComeAPageAtATimeInTreeOrder() async throws {
        try await InProcessCollector.with { collector in
            // 2,500 spans: a root, 49 children, 50 grandchildren under each.
            var spans = [Self.span("wide", "root", start: 0)]
            for child in 0..<49 {
                spans.append(Self.span("wide", "c\(child)", parent: "root", start: 10 + UInt64(child)))
                for grandchild in 0..<50 {
                    spans.append(Self.span("wide", "c\(child)-g\(grandchild)", parent: "c\(child)", start: 100 + UInt64(grandchild)))
                }
            }
            try collector.store.ingest(spans.shuffled())
            let whole = try #require(try collector.store.trace(id: "wide"))
            var paged: [TraceSpanNode] = []
            var offset: Int? = 0
            var pages = 0
            while let next = offset {
                let reply = try await collector.send(.GET, "/api/traces/wide?offset=\(next)")
                #expect(reply.status == 200)
                let page = try JSONDecoder().decode(TraceDetail.self, from: Data(reply.body))
                #expect(page.spanOffset == next && page.spans.count <= 1_000)
                paged += page.spans
                offset = page.nextSpanOffset
                pages += 1
            }
            #expect(pages == 3)
            #expect(paged == whole.spans)
            #expect(whole.spans.count == 2_500 && whole.spans.first?.span.spanId == "root")
            #expect(try await collector.send(.GET, "/api/traces/wide?limit=100000").status == 400)
            let tail = try JSONDecoder().decode(TraceDetail.self, from: Data(try await collector.send(.GET, "/api/traces/wide?offset=2490&limit=5").body))
            #expect(tail.spans == Array(whole.spans[2490..<2495]) && tail.nextSpanOffset == 2495)
        }
    }
}
