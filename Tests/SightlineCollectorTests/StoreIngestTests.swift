import Foundation
import GRDB
import Sightline
import SightlineTesting
import Testing
@testable import SightlineCollector

struct StoreIngestTests {
    /// A three-span trace: a root with identity, an LLM child that ends last, a tool child.
    static func chatTrace(_ trace: String = "trace-a", user: String = "u-1", start: UInt64 = 1_000) -> [CollectedSpan] {
        [
            makeSpan(trace: trace, span: "root", name: "handle-message", type: .workflow, start: start, end: start + 900,
                     userId: user, threadId: "thread-1", customerId: "acme", labels: ["production"],
                     metadata: ["variant": "B"], input: "Hi", output: "Hello!"),
            makeSpan(trace: trace, span: "llm", parent: "root", name: "chat", type: .llm, start: start + 100,
                     end: start + 800, userId: user, threadId: "thread-1", labels: ["production", "exp"],
                     input: #"[{"role":"user","content":"Hi"}]"#, output: #"[{"role":"assistant","content":"Hello!"}]"#,
                     inputTokens: 12, outputTokens: 5, cost: 0.002),
            makeSpan(trace: trace, span: "tool", parent: "llm", name: "weather", type: .tool, start: start + 200,
                     end: start + 300, userId: user, inputTokens: 3, cost: 0.001, isError: true),
        ]
    }

    @Test func ingestedTraceReadsBackWithItsSpansInTreeOrder() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        var spans = Self.chatTrace()
        spans[2].attributes = ["http.status": 503, "nested": ["a": [1, 2]]]
        spans[2].events = [CollectedEvent(name: "exception", time: Timestamp(nanosecondsSinceEpoch: 1_250),
                                          attributes: ["exception.message": "boom"])]
        spans[2].statusMessage = "boom"
        spans[1].firstTokenTime = Timestamp(nanosecondsSinceEpoch: 1_150)
        spans[1].serviceName = "chat-service"

        let summary = try store.ingest(spans.reversed())
        #expect(summary == IngestSummary(storedSpans: 3, newTraces: 1))

        let detail = try #require(try store.trace(id: "trace-a"))
        #expect(detail.spans.map(\.span.spanId) == ["root", "llm", "tool"])
        #expect(detail.spans.map(\.depth) == [0, 1, 2])
        #expect(detail.spans.map(\.span) == spans)

        let trace = detail.summary
        #expect(trace.name == "handle-message" && trace.spanCount == 3 && trace.errorCount == 1)
        #expect(trace.startTime.nanosecondsSinceEpoch == 1_000 && trace.endTime.nanosecondsSinceEpoch == 1_900)
        #expect(trace.durationNanoseconds == 900)
        #expect(trace.inputTokens == 15 && trace.outputTokens == 5)
        #expect(abs((trace.cost ?? 0) - 0.003) < 1e-12)
        #expect(trace.userId == "u-1" && trace.threadId == "thread-1" && trace.customerId == "acme")
        #expect(trace.labels == ["exp", "production"])
        #expect(trace.metadata == ["variant": "B"])
        #expect(trace.input == "Hi" && trace.output == "Hello!")
        #expect(try store.trace(id: "unknown") == nil)
    }

    @Test func resentSpansAreDuplicatesAndChangeNothing() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(Self.chatTrace())
        let before = try store.trace(id: "trace-a")

        var resent = Self.chatTrace()
        resent[0].userId = "someone-else"
        #expect(try store.ingest(resent) == IngestSummary(duplicateSpans: 3))
        #expect(try store.trace(id: "trace-a") == before)
        #expect(try store.statistics().spanCount == 3)
    }

    @Test func spansWithoutIdsAreRefusedAndNothingIsStored() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        var spans = Self.chatTrace()
        spans[2].spanId = ""
        #expect(throws: TraceStoreError.emptyIdentifier("a span's span id")) { try store.ingest(spans) }
        #expect(try store.statistics().spanCount == 0)
    }

    @Test func traceIdsInUUIDOrUpperCaseFindTheHexTrace() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let id = TraceID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        try store.ingest(Self.chatTrace(id.hex))
        #expect(try store.trace(id: id.uuidString)?.summary.traceId == id.hex)
        #expect(try store.trace(id: id.hex.uppercased())?.summary.traceId == id.hex)
        #expect(TraceIdentifier.canonical("trace-123") == "trace-123")
    }

    // MARK: Deterministic merge

    /// The rule: the root's value wins; without one, the latest-ending span's; labels are a union.
    @Test func mergeFollowsTheRootThenLatestEndingRule() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest([
            makeSpan(trace: "t", span: "early", parent: "root", start: 10, end: 20, userId: "from-early",
                     threadId: "thread-early", labels: ["a"], metadata: ["k": "early", "only-early": 1]),
            makeSpan(trace: "t", span: "late", parent: "root", start: 10, end: 90, userId: "from-late",
                     threadId: "thread-late", customerId: "customer-late", labels: ["b"], metadata: ["k": "late"]),
        ])
        var trace = try #require(try store.trace(id: "t")).summary
        #expect(trace.userId == "from-late" && trace.threadId == "thread-late" && trace.metadata["k"] == "late")

        // The root ends before "late" but wins where it has a value; elsewhere "late" still does.
        try store.ingest([makeSpan(trace: "t", span: "root", start: 0, end: 50, userId: "from-root",
                                   labels: ["c"], metadata: ["k": "root"])])
        trace = try #require(try store.trace(id: "t")).summary
        #expect(trace.userId == "from-root")
        #expect(trace.threadId == "thread-late" && trace.customerId == "customer-late")
        #expect(trace.metadata == ["k": "root", "only-early": 1])
        #expect(trace.labels == ["a", "b", "c"])
        #expect(trace.name == "root" && trace.startTime.nanosecondsSinceEpoch == 0)
    }

    @Test(arguments: 0..<8)
    func mergeIsTheSameWhateverOrderAndBatchingTheSpansArriveIn(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        // Spans disagreeing on every trace-level value, with ties in end time.
        var spans: [CollectedSpan] = []
        for index in 0..<24 {
            spans.append(makeSpan(
                trace: "trace-\(index % 3)", span: "s\(index)", parent: index < 3 ? nil : "s\(index % 3)",
                start: UInt64(index), end: UInt64(100 + index % 5),
                userId: index % 4 == 0 ? nil : "user-\(index)", threadId: "thread-\(index % 7)",
                customerId: index % 2 == 0 ? "customer-\(index)" : nil, labels: ["l\(index % 5)"],
                metadata: ["k\(index % 3)": .int(Int64(index)), "shared": .string("v\(index)")],
                input: "in-\(index)", output: "out-\(index)"))
        }
        spans[0].userId = nil  // trace-0's root has no user: the latest-ending span's user wins.

        let reference = try TemporaryDatabase()
        let referenceStore = try reference.store()
        try referenceStore.ingest(spans)

        let shuffled = try TemporaryDatabase()
        let shuffledStore = try shuffled.store()
        var remaining = spans.shuffled(using: &generator)
        while !remaining.isEmpty {
            let size = Int.random(in: 1...5, using: &generator)
            try shuffledStore.ingest(Array(remaining.prefix(size)))
            remaining.removeFirst(min(size, remaining.count))
        }

        let all = TraceFilter(limit: 100)
        #expect(try shuffledStore.traces(all) == referenceStore.traces(all))
        for id in ["trace-0", "trace-1", "trace-2"] {
            #expect(try shuffledStore.trace(id: id) == referenceStore.trace(id: id))
        }
        let trace0 = try #require(try referenceStore.trace(id: "trace-0")).summary
        // Latest end among trace-0's spans with a user: end times 100 + index % 5 peak at 104.
        #expect(trace0.userId == "user-9")
        #expect(trace0.threadId == "thread-0" && trace0.customerId == "customer-0")
    }

    // MARK: Durability and concurrent readers

    @Test func anotherStoreReadsWhileOneWrites() async throws {
        let database = try TemporaryDatabase()
        let writer = try database.store()
        try writer.ingest(Self.chatTrace("first"))
        let reader = try database.store(readOnly: true)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<200 {
                    try writer.ingest(Self.chatTrace("trace-\(index)", start: UInt64(10_000 + index)))
                }
            }
            group.addTask {
                var seen = 0
                while seen < 201 {
                    try Task.checkCancellation()
                    let count = try reader.traces(TraceFilter(userId: "u-1", limit: 1_000)).count
                    #expect(count >= seen)
                    seen = count
                    await Task.yield()
                }
            }
            try await group.waitForAll()
        }
        #expect(try reader.statistics() == StoreStatistics(traceCount: 201, spanCount: 603, pendingPatches: 0,
                                                          expiredPendingPatches: 0))
        #expect(throws: (any Error).self) { try reader.ingest(Self.chatTrace("refused")) }
    }

    @Test func storedDataSurvivesReopening() throws {
        let database = try TemporaryDatabase()
        do {
            let store = try database.store()
            try store.ingest(Self.chatTrace())
            try store.addLabels(traceId: "trace-a", ["reviewed"])
        }
        let reopened = try database.store()
        #expect(try reopened.trace(id: "trace-a")?.summary.labels == ["exp", "production", "reviewed"])
        let synchronous = try reopened.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)  // FULL
        let journal = try reopened.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func readOnlyStoreNeedsAnExistingCollectorDatabase() throws {
        let database = try TemporaryDatabase()
        #expect(throws: TraceStoreError.databaseMissing(path: database.path)) { try database.store(readOnly: true) }
        try "not a database, just text that is long enough to fill a header..............".write(
            toFile: database.path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { try database.store() }
    }

    @Test func readOnlyStoreRefusesAnotherProgramsDatabaseAndLeavesItAlone() throws {
        let database = try TemporaryDatabase()
        try DatabaseQueue(path: database.path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        #expect(throws: TraceStoreError.unknownSchema(path: database.path)) { try database.store(readOnly: true) }
        let tables = try DatabaseQueue(path: database.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
    }
}

struct StoreConcurrentIngestTests {
    /// Many senders at once: every call returns its own summary, and no span is lost.
    @Test func concurrentCallsAreAllStored() async throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let summaries = try await withThrowingTaskGroup(of: IngestSummary.self) { group in
            for sender in 0..<8 {
                group.addTask {
                    var total = IngestSummary()
                    for batch in 0..<25 {
                        let spans = (0..<20).flatMap { trace in
                            StoreIngestTests.chatTrace("s\(sender)-b\(batch)-t\(trace)", user: "user-\(sender)",
                                                       start: UInt64(sender * 1_000_000 + batch * 1_000 + trace))
                        }
                        let summary = try store.ingest(spans)
                        #expect(summary.storedSpans == 60 && summary.newTraces == 20)
                        total.storedSpans += summary.storedSpans
                    }
                    return total
                }
            }
            return try await group.reduce(into: [IngestSummary]()) { $0.append($1) }
        }
        let expectedSpans = 8 * 25 * 60
        let storedSpans = summaries.reduce(0) { $0 + $1.storedSpans }
        #expect(storedSpans == expectedSpans)
        #expect(try store.statistics().spanCount == expectedSpans)
        #expect(try store.statistics().traceCount == 8 * 25 * 20)
        #expect(try store.users().map(\.traceCount) == Array(repeating: 500, count: 8))
    }
}
