import Foundation
import Sightline
import SightlineCollector
import Testing

/// Lists and turns carry previews; a large value is fetched on its own, from its span.
@Suite(.timeLimit(.minutes(1)))
struct LargeValueRouteTests {
    @Test func aSpansWholeValueComesOnItsOwnAndTurnsStayBounded() async throws {
        try await withCollectorRoutes { collector in
            let big = String(repeating: "0123456789", count: 200_000)  // 2 MB of output
            let trace = "6bf92f3577b34da6a3ce929d0e0e4736"
            try collector.store.ingest([
                CollectedSpan(traceId: trace, spanId: "c000000000000001", name: "turn", type: .llm,
                              startTime: Timestamp(millisecondsSinceEpoch: 1_000), endTime: Timestamp(millisecondsSinceEpoch: 2_000),
                              input: #""short question""#, output: big, threadId: "long-thread"),
            ])
            let turns = try await collector.send(.GET, "/api/threads/long-thread").decoded([ConversationTurn].self)
            let turn = try #require(turns.first)
            #expect(turn.input == "short question" && !turn.inputIsTruncated)
            #expect(turn.output?.count == ConversationTurn.textLimit && turn.outputIsTruncated)

            let reply = try await collector.send(.GET, "/api/traces/\(trace)/spans/c000000000000001")
            #expect(reply.status == 200)
            #expect(try reply.decoded(CollectedSpan.self).output == big)

            #expect(try await collector.send(.GET, "/api/traces/\(trace)/spans/ffffffffffffffff").status == 404)
            #expect(try await collector.send(.GET, "/api/traces/00000000000000000000000000000001/spans/c000000000000001").status == 404)
        }
    }
}
