import Sightline
import Testing
@testable import SightlineCollector

struct QueryFilterTests {
    /// Eight traces, one per second: two users, three threads, two customers, labels and metadata.
    static func populatedStore(_ database: TemporaryDatabase) throws -> TraceStore {
        let store = try database.store()
        try populate(store)
        return store
    }

    /// Stores the eight traces of ``populatedStore(_:)`` in `store`.
    static func populate(_ store: any TraceStoring) throws {
        let scores: [JSONValue] = [0.1, 0.95, 0.5, 0.8, "0.9", 0.81, 1, nil]
        var spans: [CollectedSpan] = []
        for index in 0..<8 {
            let start = UInt64(index) * 1_000_000_000
            let user = index.isMultiple(of: 2) ? "ana" : "ben"
            var metadata: [String: JSONValue] = ["variant": index < 4 ? "A" : "B", "build": .int(Int64(100 + index))]
            if scores[index] != .null { metadata["score"] = scores[index] }
            spans.append(makeSpan(
                trace: "t\(index)", span: "root", name: "turn-\(index)", start: start, end: start + 500,
                userId: user, threadId: "thread-\(user)-\(index / 4)", customerId: index < 6 ? "acme" : "globex",
                labels: index.isMultiple(of: 3) ? ["production", "vip"] : ["production"], metadata: metadata))
            spans.append(makeSpan(
                trace: "t\(index)", span: "llm", parent: "root", name: "chat", type: .llm, start: start + 10,
                end: start + 400, input: #"[{"role":"system","content":"Be brief."},{"role":"user","content":"question \#(index)"}]"#,
                output: #"[{"role":"assistant","content":"answer \#(index)"}]"#, inputTokens: 10 * index,
                outputTokens: index, cost: 0.5, isError: index == 5))
        }
        try store.ingest(spans)
    }

    private func ids(_ store: any TraceStoring, _ filter: TraceFilter) throws -> [String] {
        try store.traces(filter).map(\.traceId)
    }

    /// On both stores (see StoreParityTests for the same answers from both on random inputs).
    @Test(arguments: StoreKind.available)
    func filtersByUserThreadCustomerAndLabelNewestFirst(on kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        let store = fresh.store
        try Self.populate(store)
        #expect(try ids(store, TraceFilter()) == ["t7", "t6", "t5", "t4", "t3", "t2", "t1", "t0"])
        #expect(try ids(store, TraceFilter(userId: "ana")) == ["t6", "t4", "t2", "t0"])
        #expect(try ids(store, TraceFilter(threadId: "thread-ben-1")) == ["t7", "t5"])
        #expect(try ids(store, TraceFilter(customerId: "globex")) == ["t7", "t6"])
        #expect(try ids(store, TraceFilter(label: "vip")) == ["t6", "t3", "t0"])
        #expect(try ids(store, TraceFilter(userId: "ana", label: "vip")) == ["t6", "t0"])
        #expect(try ids(store, TraceFilter(userId: "nobody")).isEmpty)
        #expect(try ids(store, TraceFilter(label: "production", limit: 2)) == ["t7", "t6"])
        #expect(try ids(store, TraceFilter(since: Timestamp(nanosecondsSinceEpoch: 5_000_000_000))) == ["t7", "t6", "t5"])
        #expect(try ids(store, TraceFilter(label: "vip", since: Timestamp(nanosecondsSinceEpoch: 1)))
            == ["t6", "t3"])
    }

    @Test(arguments: StoreKind.available)
    func filtersByExactAndNumericMetadata(on kind: StoreKind) throws {
        let fresh = try FreshStore(kind)
        let store = fresh.store
        try Self.populate(store)
        func meta(_ conditions: String...) throws -> [String] {
            try ids(store, TraceFilter(metadata: conditions.map(MetadataCondition.init(parsing:))))
        }
        #expect(try meta("variant=B") == ["t7", "t6", "t5", "t4"])
        #expect(try meta("build=103") == ["t3"])
        // Numbers compare numerically, including a score sent as the string "0.9".
        #expect(try meta("score>0.8") == ["t6", "t5", "t4", "t1"])
        #expect(try meta("score>=0.8") == ["t6", "t5", "t4", "t3", "t1"])
        #expect(try meta("score<0.5") == ["t0"])
        #expect(try meta("score<=0.5") == ["t2", "t0"])
        #expect(try meta("score=0.80") == ["t3"])
        #expect(try meta("score=1.0") == ["t6"])
        #expect(try meta("variant=B", "score>0.8") == ["t6", "t5", "t4"])
        #expect(try meta("missing=1").isEmpty)
        #expect(try ids(store, TraceFilter(userId: "ben", label: "production",
                                           metadata: [try MetadataCondition(parsing: "score>=0.8")])) == ["t5", "t3", "t1"])
        #expect(try ids(store, TraceFilter(label: "vip", metadata: [try MetadataCondition(parsing: "variant=A")]))
            == ["t3", "t0"])
    }

    /// Common and rare numeric matches take different plans (start-time scan, numeric index);
    /// both give the newest matches first.
    @Test func numericFiltersFindTheNewestMatchesWhetherCommonOrRare() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let count = TraceQueries.rareMatchCount + 1_000
        let scores = (0..<count).map { Double(($0 * 7_919) % count) / Double(count) }
        let spans = scores.enumerated().map { index, score in
            makeSpan(trace: "t\(index)", span: "root", start: UInt64(index) * 1_000, end: UInt64(index) * 1_000 + 10,
                     labels: index.isMultiple(of: 2) ? ["even"] : [], metadata: ["score": .double(score)])
        }
        for start in stride(from: 0, to: spans.count, by: 2_000) {
            try store.ingest(Array(spans[start..<min(start + 2_000, spans.count)]))
        }
        func expected(_ isMatch: (Int, Double) -> Bool, limit: Int = 50) -> [String] {
            Array(scores.enumerated().reversed().filter { isMatch($0.offset, $0.element) }.prefix(limit).map { "t\($0.offset)" })
        }
        func found(_ condition: String, label: String? = nil, since: UInt64? = nil) throws -> [String] {
            try ids(store, TraceFilter(label: label, metadata: [MetadataCondition(parsing: condition)],
                                       since: since.map { Timestamp(nanosecondsSinceEpoch: $0) }))
        }
        #expect(try found("score>0.5") == expected { $1 > 0.5 })
        #expect(try found("score>=0.999") == expected { $1 >= 0.999 })
        #expect(try found("score<0.01", since: 3_000_000) == expected { $0 >= 3_000 && $1 < 0.01 })
        #expect(try found("score<=0.3", label: "even") == expected { $0.isMultiple(of: 2) && $1 <= 0.3 })
    }

    @Test func summariesCarryTotalsAndMergedValues() throws {
        let database = try TemporaryDatabase()
        let store = try Self.populatedStore(database)
        let summary = try #require(try store.traces(TraceFilter(threadId: "thread-ben-1")).first)
        #expect(summary.traceId == "t7" && summary.name == "turn-7" && summary.spanCount == 2)
        #expect(summary.userId == "ben" && summary.customerId == "globex" && summary.labels == ["production"])
        #expect(summary.metadata == ["variant": "B", "build": 107])
        #expect(summary.inputTokens == 70 && summary.outputTokens == 7 && summary.cost == 0.5)
    }

    @Test func threadReadsAsAConversation() throws {
        let database = try TemporaryDatabase()
        let store = try Self.populatedStore(database)
        let turns = try store.thread(id: "thread-ana-0")
        #expect(turns.map(\.traceId) == ["t0", "t2"])
        #expect(turns.map(\.input) == ["question 0", "question 2"])
        #expect(turns.map(\.output) == ["answer 0", "answer 2"])
        #expect(turns.allSatisfy { $0.userId == "ana" && !$0.isError })
        #expect(try store.thread(id: "thread-ben-1").map(\.isError) == [true, false])
        #expect(try store.thread(id: "no-such-thread").isEmpty)
    }

    @Test func usersAreTotalledMostRecentFirst() throws {
        let database = try TemporaryDatabase()
        let store = try Self.populatedStore(database)
        let users = try store.users()
        #expect(users.map(\.userId) == ["ben", "ana"])
        let ben = users[0]
        #expect(ben.traceCount == 4 && ben.threadCount == 2 && ben.errorTraceCount == 1)
        #expect(ben.inputTokens == 10 + 30 + 50 + 70 && ben.outputTokens == 1 + 3 + 5 + 7 && ben.cost == 2.0)
        #expect(ben.lastSeen == Timestamp(nanosecondsSinceEpoch: 7_000_000_500))
        #expect(users[1].errorTraceCount == 0 && users[1].traceCount == 4)
    }

    @Test func filterValuesAreParametersNotSQL() throws {
        let database = try TemporaryDatabase()
        let store = try Self.populatedStore(database)
        let hostile = "x' OR '1'='1"
        #expect(try ids(store, TraceFilter(userId: hostile)).isEmpty)
        #expect(try ids(store, TraceFilter(label: hostile)).isEmpty)
        #expect(try ids(store, TraceFilter(metadata: [MetadataCondition(key: hostile, .equal, .string(hostile))])).isEmpty)
        #expect(try store.thread(id: hostile).isEmpty)
        #expect(try store.statistics().traceCount == 8)
    }

    @Test func treeOrderSurvivesOrphansAndCycles() {
        let spans = [
            makeSpan(trace: "t", span: "b", parent: "a", start: 2, end: 3),
            makeSpan(trace: "t", span: "a", parent: "b", start: 1, end: 3),
            makeSpan(trace: "t", span: "orphan", parent: "missing", start: 5, end: 6),
            makeSpan(trace: "t", span: "root", start: 0, end: 9),
            makeSpan(trace: "t", span: "child", parent: "root", start: 1, end: 2),
        ]
        let nodes = SpanTree.order(spans)
        #expect(nodes.map(\.span.spanId) == ["root", "child", "orphan", "a", "b"])
        #expect(nodes.map(\.depth) == [0, 1, 0, 0, 0])
    }
}
