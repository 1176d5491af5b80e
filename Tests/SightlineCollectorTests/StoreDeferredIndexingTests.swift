import GRDB
import Sightline
import SightlineTesting
import Testing
@testable import SightlineCollector

/// The filter indexes take new traces a few thousand at a time; until then, queries check the
/// unindexed traces apart. Which traces are indexed must never change an answer.
struct StoreDeferredIndexingTests {
    /// Spans of 40 traces, each with its own start time (so that "newest first" has one answer),
    /// over 4 users, 5 threads and 3 customers, with labels and metadata; identity and metadata
    /// differ between the spans of a trace, so the merged values depend on which have arrived.
    static func spans(_ random: inout SeededGenerator) -> [CollectedSpan] {
        var spans: [CollectedSpan] = []
        for trace in 0..<40 {
            let start = 10_000 + UInt64(trace) * 1_000
            for index in 0..<(1 + random.below(3)) {
                spans.append(makeSpan(
                    trace: "trace-\(trace)", span: "s\(index)", parent: index == 0 ? nil : "s0",
                    start: start + UInt64(index), end: start + 100 + UInt64(random.below(800)),
                    userId: random.pick(["ana", "ben", "cy", "dee", nil]),
                    threadId: random.pick(["t-1", "t-2", "t-3", "t-4", "t-5", nil]),
                    customerId: random.pick(["acme", "globex", "initech", nil]),
                    labels: random.pick([[], ["production"], ["staging"], ["production", "vip"]]),
                    metadata: random.pick([[:], ["variant": "A"], ["variant": "B", "score": .double(0.9)],
                                           ["score": .double(Double(random.below(100)) / 100)]]),
                    inputTokens: random.below(100), cost: Double(random.below(10)) * 0.001))
            }
        }
        return spans
    }

    static let filters: [TraceFilter] = [
        TraceFilter(),
        TraceFilter(userId: "ana"),
        TraceFilter(userId: "ben", limit: 3),
        TraceFilter(threadId: "t-2"),
        TraceFilter(customerId: "acme"),
        TraceFilter(userId: "cy", label: "production"),
        TraceFilter(label: "vip"),
        TraceFilter(label: "production", limit: 5),
        TraceFilter(label: "staging", metadata: [MetadataCondition(key: "variant", .equal, "B")]),
        TraceFilter(metadata: [MetadataCondition(key: "variant", .equal, "A")]),
        TraceFilter(metadata: [MetadataCondition(key: "score", .greater, .double(0.5))]),
        TraceFilter(metadata: [MetadataCondition(key: "score", .lessOrEqual, .double(0.5)),
                               MetadataCondition(key: "variant", .equal, "B")]),
        TraceFilter(userId: "dee", metadata: [MetadataCondition(key: "score", .greater, .double(0.2))]),
        TraceFilter(label: "production", since: Timestamp(nanosecondsSinceEpoch: 30_000)),
        TraceFilter(threadId: "t-1", since: Timestamp(nanosecondsSinceEpoch: 25_000)),
    ]

    /// Everything the queries answer: each filter's traces, each thread's turns, the users.
    struct Answers: Equatable {
        var traces: [[TraceSummary]]
        var threads: [[ConversationTurn]]
        var users: [UserSummary]

        init(_ store: TraceStore) throws {
            traces = try StoreDeferredIndexingTests.filters.map { try store.traces($0) }
            threads = try ["t-1", "t-2", "t-3", "t-4", "t-5"].map { try store.thread(id: $0) }
            // Per-user costs are float sums, which a recomputation may take in another order.
            users = try store.users().map { user in
                var rounded = user
                rounded.cost = (user.cost * 1e9).rounded() / 1e9
                return rounded
            }
        }
    }

    @Test(arguments: 0..<8)
    func everyQueryAnswersTheSameWhicheverTracesAreIndexed(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var spans = Self.spans(&random)
        for index in spans.indices.reversed() { spans.swapAt(index, random.below(index + 1)) }
        // Indexed after every call; a few traces at a time; never.
        let databases = try (0..<3).map { _ in try TemporaryDatabase() }
        let stores = try zip(databases, [1, 7, Int64.max]).map { try $0.store(indexingStep: $1) }

        var rest = spans[...]
        while !rest.isEmpty {
            let batch = Array(rest.prefix(1 + random.below(25)))
            rest = rest.dropFirst(batch.count)
            for store in stores { try store.ingest(batch) }
            // Patches move traces between users, threads and labels, indexed or not.
            if random.below(2) == 0 {
                let traceId = "trace-\(random.below(40))"
                let patch = MetadataPatch(userId: random.pick(["ana", "eve", nil]),
                                          threadId: random.pick(["t-1", "t-5", nil]),
                                          labels: random.pick([nil, ["vip"]]), custom: ["variant": "B"])
                let merge = random.pick([LabelMerge.union, .replace])
                for store in stores { try store.mergeMetadata(traceId: traceId, patch, labels: merge) }
            }
            let expected = try Answers(stores[2])
            #expect(try Answers(stores[0]) == expected, "seed \(seed): indexed after every call")
            #expect(try Answers(stores[1]) == expected, "seed \(seed): indexed 7 traces at a time")
        }
        try StoreUserTotalsTests.expectSameTotals(stores[0], "seed \(seed), all indexed")
        let indexed = try stores[0].pool.read { db in try DeferredIndexing.watermark(in: db) }
        #expect(indexed == 40, "every trace indexed in the store with step 1")
        #expect(try stores[2].pool.read { db in try DeferredIndexing.watermark(in: db) } == 0)
    }

    @Test func aCatchUpIndexesTheWaitingTracesAllTogether() throws {
        let database = try TemporaryDatabase()
        let store = try database.store(indexingStep: 3)
        func flags(_ table: String, key: String) throws -> [Int] {
            try store.pool.read { db in try Int.fetchAll(db, sql: "SELECT indexed FROM \(table) ORDER BY \(key)") }
        }
        for trace in 0..<2 {
            try store.ingest([makeSpan(trace: "trace-\(trace)", span: "root", start: 1_000, end: 2_000, userId: "ana",
                                       labels: ["production"], metadata: ["score": 0.9])])
        }
        #expect(try flags("traces", key: "id") == [0, 0])
        #expect(try store.traces(TraceFilter(userId: "ana")).count == 2, "found while not indexed")

        try store.ingest([makeSpan(trace: "trace-2", span: "root", start: 1_000, end: 2_000, userId: "ana",
                                   labels: ["production"], metadata: ["score": 0.9])])
        #expect(try flags("traces", key: "id") == [1, 1, 1])
        #expect(try flags("trace_labels", key: "trace_key") == [1, 1, 1])
        #expect(try flags("trace_metadata", key: "trace_key") == [1, 1, 1])
        #expect(try store.pool.read { db in try DeferredIndexing.watermark(in: db) } == 3)

        // A label added later to an indexed trace goes straight into the index.
        try store.addLabels(traceId: "trace-0", ["vip"])
        #expect(try store.traces(TraceFilter(label: "vip")).map(\.traceId) == ["trace-0"])
        #expect(try store.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT indexed FROM trace_labels WHERE label = 'vip'")
        } == 1)
    }

    /// Once indexed, a trace is read through the indexes, not checked row by row: the plans
    /// name the partial indexes; the unindexed ones are read by key range.
    @Test func indexedTracesAreReadThroughTheFilterIndexes() throws {
        let database = try TemporaryDatabase()
        let store = try database.store(indexingStep: 1)
        try store.ingest([makeSpan(trace: "trace-0", span: "root", start: 1_000, end: 2_000, userId: "ana",
                                   threadId: "t-1", customerId: "acme", labels: ["production"], metadata: ["region": "eu"])])
        let plans: [(sql: String, index: String)] = [
            ("SELECT id FROM traces t WHERE t.indexed = 1 AND t.user_id = 'ana'", "traces_by_user"),
            ("SELECT id FROM traces t WHERE t.indexed = 1 AND t.thread_id = 't-1'", "traces_by_thread"),
            ("SELECT id FROM traces t WHERE t.indexed = 1 AND t.customer_id = 'acme'", "traces_by_customer"),
            ("SELECT trace_key FROM trace_labels d WHERE d.indexed = 1 AND d.label = 'production'", "trace_labels_by_label"),
            ("SELECT trace_key FROM trace_metadata d WHERE d.indexed = 1 AND d.key = 'region' AND d.value_text = 'eu'",
             "trace_metadata_by_text"),
            ("SELECT trace_key FROM trace_metadata d WHERE d.indexed = 1 AND d.key = 'score' AND d.value_number > 0.5",
             "trace_metadata_by_number"),
            // The unindexed traces by key range, not the whole start-time index newest first.
            ("SELECT t.id FROM \(DeferredIndexing.unindexedTraces) WHERE \(DeferredIndexing.unindexedCondition) "
                + "AND t.user_id = 'ana' ORDER BY t.start_time DESC LIMIT 50", "INTEGER PRIMARY KEY (rowid>?)"),
        ]
        for (sql, index) in plans {
            let plan = try store.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ")
            }
            #expect(plan.contains(index), "\(sql): \(plan)")
        }
    }

    @Test func aVersion2DatabaseKeepsItsTracesFindableOnceUpgraded() throws {
        let database = try TemporaryDatabase()
        do {
            let pool = try DatabasePool(path: database.path)
            try StoreSchema.migrator.migrate(pool, upTo: "v2")
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO traces (id, trace_id, name, name_rank, start_time, end_time, span_count, error_count,
                        user_id, user_rank, thread_id, thread_rank, customer_id, customer_rank)
                    VALUES (1, 'old', 'turn', 'a1', 1000, 2000, 1, 0, 'ana', 'a1', 't-1', 'a1', 'acme', 'a1');
                    INSERT INTO trace_labels (trace_key, label, start_time) VALUES (1, 'production', 1000);
                    INSERT INTO trace_metadata (trace_key, key, value_json, value_text, value_number, rank, start_time)
                    VALUES (1, 'score', '0.9', NULL, 0.9, 'a1', 1000);
                    """)
            }
        }
        let store = try database.store()
        try store.ingest([makeSpan(trace: "new", span: "root", start: 3_000, end: 4_000, userId: "ana", threadId: "t-1",
                                   customerId: "acme", labels: ["production"], metadata: ["score": 0.8])])
        for filter in [TraceFilter(userId: "ana"), TraceFilter(threadId: "t-1"), TraceFilter(customerId: "acme"),
                       TraceFilter(label: "production"),
                       TraceFilter(metadata: [MetadataCondition(key: "score", .greater, .double(0.5))])] {
            #expect(try store.traces(filter).map(\.traceId) == ["new", "old"], "\(filter)")
        }
        #expect(try store.thread(id: "t-1").map(\.traceId) == ["old", "new"])
        #expect(try store.pool.read { db in try DeferredIndexing.watermark(in: db) } == 1)
    }
}
