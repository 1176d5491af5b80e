import Foundation
import Sightline
import SightlineCollector
import Testing
@testable import sightline

/// `trace` and `thread` show time to first token, which costs the collector computed, and an
/// unknown cost as unknown rather than as nothing.
@Suite struct StreamingAndCostViewTests {
    @Test func theTraceAndTheThreadShowTimeToFirstTokenAndHowACostWasKnown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TraceStore(path: directory.appendingPathComponent("t.db").path)
        let trace = "5bf92f3577b34da6a3ce929d0e0e4736"
        func millis(_ value: UInt64) -> Timestamp { Timestamp(millisecondsSinceEpoch: value) }
        _ = try store.ingest([
            CollectedSpan(traceId: trace, spanId: "b000000000000001", name: "answer", type: .workflow,
                          startTime: millis(1_000), endTime: millis(1_900), threadId: "t-1"),
            CollectedSpan(traceId: trace, spanId: "b000000000000002", parentSpanId: "b000000000000001", name: "chat",
                          type: .llm, startTime: millis(1_100), endTime: millis(1_800), firstTokenTime: millis(1_420),
                          model: "gpt-4o-mini", inputTokens: 1_000, outputTokens: 100),
            CollectedSpan(traceId: trace, spanId: "b000000000000003", parentSpanId: "b000000000000001", name: "rerank",
                          type: .llm, startTime: millis(1_050), endTime: millis(1_090), model: "house-ranker",
                          inputTokens: 40, outputTokens: 1),
        ])
        let detail = try #require(try store.trace(id: trace))
        let lines = TraceTreeView.render(detail).components(separatedBy: "\n")
        let chat = try #require(lines.first { $0.contains("chat  llm") })
        // gpt-4o-mini: 1,000 × $0.15 + 100 × $0.60 per million = $0.000210.
        #expect(chat.contains("$0.000210 (from price)"), "\(chat)")
        #expect(chat.contains("first token 320 ms"), "\(chat)")
        let rerank = try #require(lines.first { $0.contains("rerank  llm") })
        #expect(rerank.contains("cost unknown"), "\(rerank)")

        let thread = ConversationView.render(threadId: "t-1", try store.thread(id: "t-1"))
        // The turn's first token came 420 ms after the turn began.
        #expect(thread.contains("first token 420 ms"), "\(thread)")
    }
}
