import Foundation
import Sightline
import Testing
@testable import SightlineCollector

/// The trace list's filters and cursors that the web viewer added, and the overview's figures.
struct ViewerQueryTests {
    /// Six traces a second apart, t0 oldest; t4 and t5 start at the same instant.
    static func store(_ database: TemporaryDatabase, indexingStep: Int64 = DeferredIndexing.defaultStep) throws -> TraceStore {
        let store = try database.store(indexingStep: indexingStep)
        let second: UInt64 = 1_000_000_000
        let base: UInt64 = 1_700_000_000 * second
        func trace(_ index: Int, start: UInt64, duration: UInt64, error: Bool = false, model: String? = nil,
                   type: SpanType = .span, service: String = "chat", input: String? = nil, cost: Double? = nil,
                   user: String = "u-1", labels: [String] = ["all"]) -> [CollectedSpan] {
            var root = makeSpan(trace: "t\(index)", span: "root", start: start, end: start + duration, userId: user,
                                labels: labels, metadata: ["n": .int(Int64(index))])
            root.serviceName = service
            var child = makeSpan(trace: "t\(index)", span: "child", parent: "root", type: type, start: start + 1,
                                 end: start + 2, input: input, cost: cost, isError: error)
            child.model = model
            child.serviceName = service
            return [root, child]
        }
        try store.ingest(trace(0, start: base, duration: 10 * second, error: true, model: "gpt-4o", type: .llm,
                               input: "a 50% discount", cost: 0.5))
        try store.ingest(trace(1, start: base + second, duration: 2 * second, model: "claude", type: .llm,
                               input: "the 500 errors", cost: 0.01))
        try store.ingest(trace(2, start: base + 2 * second, duration: 1 * second, type: .tool, service: "search",
                               input: "Find WARRANTY terms"))
        try store.ingest(trace(3, start: base + 3 * second, duration: 5 * second, error: true, type: .rag, cost: 0.2,
                               user: "u-2", labels: ["all", "beta"]))
        try store.ingest(trace(4, start: base + 4 * second, duration: 3 * second, model: "gpt-4o", type: .llm, cost: 0.05))
        try store.ingest(trace(5, start: base + 4 * second, duration: 3 * second, user: "u-2", labels: ["all", "beta"]))
        return store
    }

    private func ids(_ store: TraceStore, _ configure: (inout TraceFilter) -> Void) throws -> [String] {
        var filter = TraceFilter()
        configure(&filter)
        return try store.traces(filter).map(\.traceId)
    }

    @Test func filtersByErrorsModelTypeServiceTextDurationAndCost() throws {
        let database = try TemporaryDatabase()
        let store = try Self.store(database)
        #expect(try ids(store) { _ in } == ["t5", "t4", "t3", "t2", "t1", "t0"])
        #expect(try ids(store) { $0.errorsOnly = true } == ["t3", "t0"])
        #expect(try ids(store) { $0.model = "gpt-4o" } == ["t4", "t0"])
        #expect(try ids(store) { $0.spanType = .rag } == ["t3"])
        #expect(try ids(store) { $0.serviceName = "search" } == ["t2"])
        // LIKE's wildcards are taken literally; letters match in any case.
        #expect(try ids(store) { $0.text = "50%" } == ["t0"])
        #expect(try ids(store) { $0.text = "warranty" } == ["t2"])
        #expect(try ids(store) { $0.text = "_" } == [])
        #expect(try ids(store) { $0.minimumDuration = .seconds(3) } == ["t5", "t4", "t3", "t0"])
        #expect(try ids(store) { $0.minimumDuration = .seconds(2); $0.maximumDuration = .seconds(3) } == ["t5", "t4", "t1"])
        #expect(try ids(store) { $0.minimumCost = 0.05 } == ["t4", "t3", "t0"])
        #expect(try ids(store) { $0.maximumCost = 0.05 } == ["t4", "t1"])
        // With the filters the CLI had, through the user and label indexes.
        #expect(try ids(store) { $0.userId = "u-2"; $0.errorsOnly = true } == ["t3"])
        #expect(try ids(store) { $0.label = "beta"; $0.spanType = .rag } == ["t3"])
    }

    @Test func summariesNameTheirModels() throws {
        let database = try TemporaryDatabase()
        let store = try Self.store(database)
        let byId = Dictionary(uniqueKeysWithValues: try store.traces(TraceFilter()).map { ($0.traceId, $0.models) })
        #expect(byId["t0"] == ["gpt-4o"] && byId["t1"] == ["claude"] && byId["t2"] == [])
    }

    /// Pages of two, by `before`, list every trace once, in the order one page lists them; `after`
    /// gives what is newer than a trace. Ties in start time are ordered by arrival.
    @Test(arguments: [Int64(DeferredIndexing.defaultStep), 1])
    func cursorsPageThroughEveryTraceOnce(indexingStep: Int64) throws {
        let database = try TemporaryDatabase()
        let store = try Self.store(database, indexingStep: indexingStep)
        for configure: (inout TraceFilter) -> Void in [{ _ in }, { $0.label = "all" }, { $0.userId = "u-1" },
                                                        { $0.metadata = [try! MetadataCondition(parsing: "n>=0")] }] {
            var filter = TraceFilter(limit: 1000)
            configure(&filter)
            let all = try store.traces(filter).map(\.traceId)
            var paged: [String] = []
            filter.limit = 2
            for _ in 0..<10 {
                let page = try store.traces(filter).map(\.traceId)
                if page.isEmpty { break }
                paged += page
                filter.before = page.last
            }
            #expect(paged == all, "step \(indexingStep), filter \(filter)")
            filter.before = nil
            filter.after = all[2]
            filter.limit = 50
            #expect(try store.traces(filter).map(\.traceId) == Array(all.prefix(2)))
        }
    }

    @Test func overviewCountsPerIntervalAndModelPercentiles() throws {
        let database = try TemporaryDatabase()
        let store = try Self.store(database)
        let second: UInt64 = 1_000_000_000
        let from = Timestamp(nanosecondsSinceEpoch: 1_700_000_000 * second)
        let overview = try store.overview(from: from, to: Timestamp(nanosecondsSinceEpoch: from.nanosecondsSinceEpoch + 6 * second),
                                          intervals: 3)
        #expect(overview.intervals.map(\.traces) == [2, 2, 2])
        #expect(overview.intervals.map(\.errors) == [1, 1, 0])
        #expect(overview.intervals.map(\.cost) == [0.51, 0.2, 0.05])
        #expect(overview.latency.map(\.model) == ["claude", "gpt-4o"])
        #expect(overview.latency.allSatisfy { $0.p50Nanoseconds == 1 && $0.p95Nanoseconds == 1 })
        #expect(OverviewQueries.percentile(0.5, of: [1, 2, 3, 4]) == 2)
        #expect(OverviewQueries.percentile(0.95, of: Array(1...100)) == 95)
    }

    @Test func overviewGivesEachModelsTimeToFirstTokenPercentiles() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let start: UInt64 = 1_700_000_000_000_000_000
        let millisecond: UInt64 = 1_000_000
        var spans = (1...10).map { index in
            CollectedSpan(traceId: "ttft-\(index)", spanId: "s\(index)", name: "chat", type: .llm,
                          startTime: Timestamp(nanosecondsSinceEpoch: start),
                          endTime: Timestamp(nanosecondsSinceEpoch: start + 2_000 * millisecond),
                          firstTokenTime: Timestamp(nanosecondsSinceEpoch: start + UInt64(index) * 100 * millisecond),
                          model: "gpt-4o")
        }
        spans.append(CollectedSpan(traceId: "ttft-none", spanId: "n", name: "chat", type: .llm,
                                   startTime: Timestamp(nanosecondsSinceEpoch: start),
                                   endTime: Timestamp(nanosecondsSinceEpoch: start + millisecond), model: "claude"))
        try store.ingest(spans)
        let overview = try store.overview(from: Timestamp(nanosecondsSinceEpoch: start - 1),
                                          to: Timestamp(nanosecondsSinceEpoch: start + 10_000 * millisecond), intervals: 1)
        let gpt = try #require(overview.latency.first { $0.model == "gpt-4o" })
        #expect(gpt.streamedCalls == 10)
        #expect(gpt.timeToFirstTokenP50Nanoseconds == 500 * millisecond)
        #expect(gpt.timeToFirstTokenP95Nanoseconds == 1_000 * millisecond)
        let claude = try #require(overview.latency.first { $0.model == "claude" })
        #expect(claude.streamedCalls == 0 && claude.timeToFirstTokenP50Nanoseconds == nil)
    }
}
