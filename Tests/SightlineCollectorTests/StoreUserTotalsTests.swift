import GRDB
import Sightline
import SightlineTesting
import Testing
@testable import SightlineCollector

/// `users` reads totals kept at ingest; they must equal totalling each user's traces, whatever
/// the order, the batching, and the later spans and patches that move a trace between users.
struct StoreUserTotalsTests {
    /// The `users` query before the totals were kept: an aggregate over every trace.
    static func totalledFromTraces(_ store: TraceStore) throws -> [UserSummary] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT user_id, count(*), count(DISTINCT thread_id), total(input_tokens), total(output_tokens),
                    total(cost), sum(error_count > 0), max(end_time) AS last_seen
                FROM traces WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY last_seen DESC, user_id
                """).map { row in
                UserSummary(userId: row[0], traceCount: row[1], threadCount: row[2], inputTokens: Int(row[3] as Double),
                            outputTokens: Int(row[4] as Double), cost: row[5], errorTraceCount: row[6],
                            lastSeen: Timestamp(nanosecondsSinceEpoch: UInt64(row[7] as Int64)))
            }
        }
    }

    /// Equal field by field; the costs, floating-point sums taken in different orders, to 1e-9.
    static func expectSameTotals(_ store: TraceStore, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let kept = try store.users()
        let totalled = try totalledFromTraces(store)
        var keptWithoutCost = kept
        var totalledWithoutCost = totalled
        for index in keptWithoutCost.indices { keptWithoutCost[index].cost = 0 }
        for index in totalledWithoutCost.indices { totalledWithoutCost[index].cost = 0 }
        #expect(keptWithoutCost == totalledWithoutCost, "\(context)", sourceLocation: sourceLocation)
        #expect(kept.count == totalled.count && zip(kept, totalled).allSatisfy { abs($0.cost - $1.cost) < 1e-9 },
                "\(context)", sourceLocation: sourceLocation)
    }

    /// Spans of 30 traces: each span names a user and a thread of its own (or none), so which
    /// one the trace takes depends on which spans have arrived (the root's, else the last to end).
    static func spans(_ random: inout SeededGenerator) -> [CollectedSpan] {
        let users: [String?] = ["ana", "ben", "cy", "dee", nil]
        let threads: [String?] = ["t-1", "t-2", "t-3", nil]
        var spans: [CollectedSpan] = []
        for trace in 0..<30 {
            let start = UInt64(trace) * 1_000
            for index in 0..<(1 + random.below(4)) {
                let end = start + 100 + UInt64(random.below(800))
                spans.append(makeSpan(
                    trace: "trace-\(trace)", span: "s\(index)", parent: index == 0 ? nil : "s0",
                    start: start + UInt64(index), end: end, userId: random.pick(users), threadId: random.pick(threads),
                    inputTokens: random.below(3) == 0 ? nil : random.below(500),
                    outputTokens: random.below(3) == 0 ? nil : random.below(200),
                    cost: random.below(3) == 0 ? nil : Double(random.below(1000)) * 0.0001, isError: random.below(5) == 0))
            }
        }
        return spans
    }

    @Test(arguments: 0..<24)
    func keptTotalsEqualTotallingTheTraces(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let database = try TemporaryDatabase()
        let store = try database.store()
        var spans = Self.spans(&random)
        // Shuffled (Fisher-Yates on the seeded generator), then in batches of 1 to 40 spans.
        for index in spans.indices.reversed() { spans.swapAt(index, random.below(index + 1)) }
        var rest = spans[...]
        while !rest.isEmpty {
            let batch = rest.prefix(1 + random.below(40))
            rest = rest.dropFirst(batch.count)
            try store.ingest(Array(batch))
            // Patches between batches, for traces stored or still to come: new users and
            // threads, and users that already have other traces.
            for _ in 0..<random.below(3) {
                let patch = MetadataPatch(userId: random.pick(["ana", "eve", nil]), threadId: random.pick(["t-1", "t-9", nil]),
                                          custom: ["reviewed": true])
                try store.mergeMetadata(traceId: "trace-\(random.below(30))", patch)
            }
            try Self.expectSameTotals(store, "seed \(seed), \(spans.count - rest.count) spans in")
        }
        #expect(try store.statistics().spanCount == spans.count)
    }

    @Test func aPatchMovesATraceAndItsTotalsToAnotherUser() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(StoreIngestTests.chatTrace("trace-a", user: "ana", start: 1_000))
        try store.ingest(StoreIngestTests.chatTrace("trace-b", user: "ana", start: 5_000))
        #expect(try store.users().map(\.traceCount) == [2])

        // The newer trace leaves ana: her last time seen goes back to her older trace.
        try store.mergeMetadata(traceId: "trace-b", MetadataPatch(userId: "ben", threadId: "thread-b"))
        let users = try store.users()
        #expect(users.map(\.userId) == ["ben", "ana"])
        #expect(users[0] == UserSummary(userId: "ben", traceCount: 1, threadCount: 1, inputTokens: 15, outputTokens: 5,
                                        cost: users[0].cost, errorTraceCount: 1,
                                        lastSeen: Timestamp(nanosecondsSinceEpoch: 5_900)))
        #expect(abs(users[0].cost - 0.003) < 1e-12)
        #expect(users[1].traceCount == 1 && users[1].lastSeen == Timestamp(nanosecondsSinceEpoch: 1_900))

        // Its last trace gone, ana is no longer listed.
        try store.mergeMetadata(traceId: "trace-a", MetadataPatch(userId: "ben"))
        #expect(try store.users().map(\.userId) == ["ben"])
        #expect(try store.users().first?.threadCount == 2)
        try Self.expectSameTotals(store, "after the patches")
    }

    @Test func migrationFillsTheTotalsOfAVersion1Database() throws {
        let database = try TemporaryDatabase()
        // A database as the version before per-user totals left it.
        do {
            let pool = try DatabasePool(path: database.path)
            try StoreSchema.migrator.migrate(pool, upTo: "v1")
            try pool.write { db in
                let rows: [(String, Int64, Int64, Int, Int?, Int?, Double?, String?, String?)] = [
                    ("t1", 1_000, 1_500, 0, 10, 1, 0.25, "ana", "th-1"),
                    ("t2", 2_000, 2_900, 2, 20, nil, 0.5, "ana", "th-1"),
                    ("t3", 3_000, 3_100, 0, nil, 3, nil, "ana", nil),
                    ("t4", 4_000, 4_400, 1, 40, 4, 1.0, "ben", "th-2"),
                    ("t5", 5_000, 5_500, 0, 50, 5, 2.0, nil, "th-3"),
                ]
                for (id, start, end, errors, input, output, cost, user, thread) in rows {
                    try db.execute(sql: """
                        INSERT INTO traces (trace_id, name, name_rank, start_time, end_time, span_count, error_count,
                            input_tokens, output_tokens, cost, user_id, user_rank, thread_id, thread_rank)
                        VALUES (?, 'turn', 'a1', ?, ?, 1, ?, ?, ?, ?, ?, 'a1', ?, 'a1')
                        """, arguments: [id, start, end, errors, input, output, cost, user, thread])
                }
            }
        }

        // Read-only, as `sightline users` opens it: upgraded first.
        let store = try database.store(readOnly: true)
        #expect(try store.users() == [
            UserSummary(userId: "ben", traceCount: 1, threadCount: 1, inputTokens: 40, outputTokens: 4, cost: 1.0,
                        errorTraceCount: 1, lastSeen: Timestamp(nanosecondsSinceEpoch: 4_400)),
            UserSummary(userId: "ana", traceCount: 3, threadCount: 1, inputTokens: 30, outputTokens: 4, cost: 0.75,
                        errorTraceCount: 1, lastSeen: Timestamp(nanosecondsSinceEpoch: 3_100)),
        ])
        // Later ingest keeps the migrated totals in step.
        let writer = try database.store()
        try writer.ingest([makeSpan(trace: "t3", span: "late", start: 3_050, end: 9_000, threadId: "th-4",
                                   inputTokens: 7, cost: 0.125)])
        try writer.ingest(StoreIngestTests.chatTrace("t6", user: "ben", start: 6_000))
        try Self.expectSameTotals(writer, "after ingest into the migrated database")
        #expect(try store.users().map(\.userId) == ["ana", "ben"])
    }
}
