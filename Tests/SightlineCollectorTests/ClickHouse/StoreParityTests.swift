import Foundation
import Sightline
import Synchronization
import Testing
@testable import SightlineCollector

/// The same inputs give the same answers from the SQLite store and the ClickHouse store: every
/// query the collector answers, over spans sent in shuffled batches (some twice, as a retrying
/// sender would), post-hoc patches before and after their traces arrive, labels added and
/// replaced, evaluations pushed and read from span events, and patches that expire.
@Suite(.enabled(if: ClickHouseTestServer.shouldRun, ClickHouseTestServer.skipReason))
struct StoreParityTests {
    @Test(arguments: [1, 2, 3])
    func shuffledBatchesPatchesAndLabelsGiveTheSameAnswers(seed: UInt64) throws {
        // A clock each, moved alike: each store reads its clock once per call.
        let clocks = [ManualClock(Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)),
                      ManualClock(Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000))]
        let sqlite = try FreshStore(.sqlite, pendingPatchLifetime: .seconds(60), clock: clocks[0].now)
        let clickHouse = try FreshStore(.clickHouse, pendingPatchLifetime: .seconds(60), clock: clocks[1].now)
        var generator = ParityWorkload(seed: seed)
        let workload = generator.make()
        var expiredInSummaries = 0
        for step in workload.steps {
            let summaries = try [sqlite.store, clickHouse.store].map { try step.apply(to: $0) }
            if case .advanceClock(let seconds) = step { for clock in clocks { clock.advance(seconds: seconds) } }
            // What `POST /api/collector` replies: the same, retries and patches applied on
            // arrival included, but for the patches that expired (ClickHouse counts them only
            // in its statistics, compared below).
            guard var fromSQLite = summaries[0], let fromClickHouse = summaries[1] else { continue }
            expiredInSummaries += fromSQLite.expiredPendingPatches
            fromSQLite.expiredPendingPatches = 0
            #expect(fromSQLite == fromClickHouse, "\(step)")
        }
        #expect(expiredInSummaries == workload.expiringPatches)
        let fromSQLite = try ParityAnswers(sqlite.store, workload: workload)
        let fromClickHouse = try ParityAnswers(clickHouse.store, workload: workload)
        // The answers are not empty, and say what the workload made.
        #expect(fromSQLite.all.count == workload.traceIds.count)
        #expect(fromSQLite.statistics.spanCount == workload.spanCount)
        #expect(fromSQLite.statistics.expiredPendingPatches == workload.expiringPatches)
        #expect(fromSQLite.byLabel.values.contains { !$0.isEmpty })
        #expect(!fromSQLite.users.isEmpty)
        fromSQLite.expectEqual(fromClickHouse)
    }

    /// A trace sent past ``CollectorLimits/labelsPerTrace`` and ``CollectorLimits/evaluationsPerTrace``
    /// keeps the same first labels and evaluations on both stores, and both count the same drops.
    @Test func tracePastThePerTraceLimitsKeepsAndCountsTheSame() throws {
        let sqlite = try FreshStore(.sqlite)
        let clickHouse = try FreshStore(.clickHouse)
        let full = String(repeating: "f", count: 32)
        let late = String(repeating: "e", count: 32)
        func span(_ trace: String, _ index: Int, labels: Range<Int>, evaluations: Int = 0) -> CollectedSpan {
            var span = makeSpan(trace: trace, span: String(format: "%016x", index + 1), parent: index == 0 ? nil : String(format: "%016x", 1),
                                start: 1_000 + UInt64(index), end: 2_000 + UInt64(index), labels: labels.map { "label-\($0)" })
            span.events = (0..<evaluations).map { number in
                CollectedEvent(name: Span.evaluationEventName, time: Timestamp(nanosecondsSinceEpoch: 2_000 + UInt64(number)),
                               attributes: [SpanEvaluations.nameKey: .string("check-\(index)-\(number)"),
                                            SpanEvaluations.scoreKey: .double(Double(number % 10) / 10)])
            }
            return span
        }
        let perSpan = CollectorLimits.labelsPerSpan
        // 5 × 256 labels (1,280, of which 256 past the trace's limit), 2 × 600 evaluations (176 past).
        let batches: [[CollectedSpan]] = [
            [span(full, 0, labels: 0..<perSpan, evaluations: 600), span(full, 1, labels: perSpan..<2 * perSpan)],
            [span(full, 2, labels: 2 * perSpan..<3 * perSpan, evaluations: 600), span(full, 0, labels: 0..<perSpan),
             span(full, 3, labels: 3 * perSpan..<4 * perSpan), span(full, 4, labels: 4 * perSpan..<5 * perSpan)],
            // Labels the trace holds are no drop; new ones are, again.
            [span(full, 5, labels: 3 * perSpan + 10..<4 * perSpan + 10)],
            // A trace whose waiting patch's labels find it full when it arrives.
            [span(late, 0, labels: 0..<perSpan), span(late, 1, labels: perSpan..<2 * perSpan),
             span(late, 2, labels: 2 * perSpan..<3 * perSpan), span(late, 3, labels: 3 * perSpan..<4 * perSpan)],
        ]
        var summaries: [[IngestSummary]] = [[], []]
        for (index, store) in [sqlite.store, clickHouse.store].enumerated() {
            #expect(try store.addLabels(traceId: late, ["waiting-label"]) == .pending)
            for batch in batches { summaries[index].append(try store.ingest(batch)) }
            #expect(try store.addLabels(traceId: full, ["after-full"]) == .applied)
            #expect(throws: TraceStoreError.tooManyEvaluations(traceId: full, limit: CollectorLimits.evaluationsPerTrace)) {
                try store.addEvaluation(traceId: full, name: "one-too-many", score: 1, label: nil, explanation: nil)
            }
        }
        #expect(summaries[0] == summaries[1])
        #expect(summaries[0].map(\.droppedLabels) == [0, 256, 10, 1])  // the last: the waiting patch's label
        #expect(summaries[0].map(\.droppedEvaluations) == [0, 176, 0, 0])
        #expect(summaries[0].map(\.duplicateSpans) == [0, 1, 0, 0])
        #expect(summaries[0][3].appliedPendingPatches == 1)
        for id in [full, late] {
            let fromSQLite = try #require(try sqlite.store.trace(id: id, spanOffset: 0, spanLimit: .max))
            #expect(fromSQLite.summary.labels.count == CollectorLimits.labelsPerTrace)
            #expect(try clickHouse.store.trace(id: id, spanOffset: 0, spanLimit: .max) == fromSQLite)
        }
        #expect(try sqlite.store.trace(id: full, spanOffset: 0, spanLimit: 1)?.summary.evaluations.count == CollectorLimits.evaluationsPerTrace)
        for label in ["label-0", "label-1023", "label-1024", "label-1279", "after-full", "waiting-label"] {
            #expect(try sqlite.store.traces(TraceFilter(label: label)) == clickHouse.store.traces(TraceFilter(label: label)), "\(label)")
        }
        #expect(try sqlite.store.traces(TraceFilter(label: "label-1024")).map(\.traceId) == [])
    }

    /// A patch row stored twice (an insert retried after its reply was lost, past the
    /// deduplication window) changes no answer, though `patches` is read without `FINAL`: every
    /// query, the statistics' patch counts, and the patches a trace takes when it arrives.
    @Test func patchRowsStoredTwiceChangeNoAnswer() throws {
        let clock = ManualClock(Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000))
        let database = try TemporaryClickHouseDatabase()
        let store = try database.store(pendingPatchLifetime: .seconds(60), clock: clock.now)
        var generator = ParityWorkload(seed: 1)
        let workload = generator.make()
        for step in workload.steps {
            _ = try step.apply(to: store)
            if case .advanceClock(let seconds) = step { clock.advance(seconds: seconds) }
        }
        let late = String(format: "%032x", 0xdddd)
        #expect(try store.mergeMetadata(traceId: late, MetadataPatch(labels: ["late"], custom: ["step": 1])) == .pending)
        #expect(try store.addEvaluation(traceId: late, name: "relevance", score: 0.5) == .pending)
        let before = try ParityAnswers(store, workload: workload)
        let patches = "\(database.address.database).patches"
        func patchRows() throws -> UInt64 {
            var reply = RowBinaryReader(try store.connection.execute("SELECT toUInt64(count()) FROM \(patches) FORMAT RowBinary"))
            return try reply.uint64()
        }
        let rows = try patchRows()
        try store.connection.execute("INSERT INTO \(patches) SELECT * FROM \(patches)", settings: ["insert_deduplicate": "0"])
        #expect(try patchRows() == 2 * rows)
        before.expectEqual(try ParityAnswers(store, workload: workload))
        let now = clock.now()
        let summary = try store.ingest([CollectedSpan(traceId: late, spanId: String(format: "%016x", 1), name: "late",
                                                      startTime: now, endTime: now)])
        #expect(summary.appliedPendingPatches == 2)
        #expect(summary.storedEvaluations == 1)
        let trace = try #require(try store.trace(id: late, spanOffset: 0, spanLimit: .max))
        #expect(trace.summary.labels == ["late"])
        #expect(trace.summary.evaluations.count == 1)
    }

    /// The filter examples of QueryFilterTests, on both stores.
    @Test func filterExamplesGiveTheSameAnswers() throws {
        let sqlite = try FreshStore(.sqlite)
        let clickHouse = try FreshStore(.clickHouse)
        for store in [sqlite.store, clickHouse.store] { try QueryFilterTests.populate(store) }
        let conditions = ["variant=B", "build=103", "score>0.8", "score>=0.8", "score<0.5", "score<=0.5", "score=0.80",
                          "score=1.0", "missing=1", "variant=A"]
        for store in [sqlite.store, clickHouse.store] {
            #expect(try store.traces(TraceFilter(metadata: [MetadataCondition(parsing: "score>0.8")])).map(\.traceId)
                == ["t6", "t5", "t4", "t1"])
        }
        for condition in conditions {
            let filter = TraceFilter(metadata: [try MetadataCondition(parsing: condition)])
            #expect(try sqlite.store.traces(filter) == clickHouse.store.traces(filter), "\(condition)")
        }
        for filter in [TraceFilter(), TraceFilter(userId: "ana"), TraceFilter(threadId: "thread-ben-1"),
                       TraceFilter(customerId: "globex"), TraceFilter(label: "vip"), TraceFilter(userId: "ana", label: "vip"),
                       TraceFilter(label: "production", limit: 2),
                       TraceFilter(since: Timestamp(nanosecondsSinceEpoch: 5_000_000_000))] {
            #expect(try sqlite.store.traces(filter) == clickHouse.store.traces(filter), "\(filter)")
        }
    }
}

/// A clock the test moves; both stores read the same one.
final class ManualClock: Sendable {
    private let nanoseconds: Mutex<UInt64>

    init(_ start: Timestamp) {
        nanoseconds = Mutex(start.nanosecondsSinceEpoch)
    }

    var now: @Sendable () -> Timestamp {
        { [self] in Timestamp(nanosecondsSinceEpoch: nanoseconds.withLock { value in
            value += 1_000  // strictly increasing: two patches never share a time
            return value
        }) }
    }

    func advance(seconds: Int) {
        nanoseconds.withLock { $0 += UInt64(seconds) * 1_000_000_000 }
    }
}

/// One thing done to a store.
enum ParityStep {
    case ingest([CollectedSpan])
    case patch(traceId: String, MetadataPatch, LabelMerge)
    case addLabels(traceId: String, [String])
    case evaluation(traceId: String, name: String, score: Double?, label: String?)
    case advanceClock(seconds: Int)

    /// The ingest summary, for an ingest.
    @discardableResult
    func apply(to store: any TraceStoring) throws -> IngestSummary? {
        switch self {
        case .ingest(let spans): return try store.ingest(spans)
        case .patch(let traceId, let patch, let merge): try store.mergeMetadata(traceId: traceId, patch, labels: merge)
        case .addLabels(let traceId, let labels): try store.addLabels(traceId: traceId, labels)
        case .evaluation(let traceId, let name, let score, let label):
            try store.addEvaluation(traceId: traceId, name: name, score: score, label: label, explanation: "why \(name)")
        case .advanceClock: break
        }
        return nil
    }
}

/// Random traces whose spans disagree on user, thread, customer and metadata (so the merge
/// rules decide), sent in shuffled batches with repeats, and patches around them.
struct ParityWorkload {
    private var random: SplitMix64

    var steps: [ParityStep] = []
    var traceIds: [String] = []
    var spanCount = 0
    var expiringPatches = 0
    var users: [String] = ["ana", "ben", "cy"]
    var threads: [String] = ["th-1", "th-2", "th-3", "th-4"]
    var labels: [String] = ["production", "vip", "beta", "eval"]
    var models: [String] = ["gpt-4o", "claude-3", "llama"]

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func make() -> ParityWorkload {
        var spans: [CollectedSpan] = []
        for traceIndex in 0..<24 {
            let traceId = String(format: "%032x", 0xabc000 + traceIndex * 7919)
            traceIds.append(traceId)
            let start = 1_700_000_000_000_000_000 + UInt64(traceIndex) * 3_000_000_000 + UInt64(random.next(below: 1_000))
            let count = 1 + random.next(below: 5)
            let hasRoot = traceIndex % 5 != 4
            for spanIndex in 0..<count {
                let isRoot = hasRoot && spanIndex == 0
                let spanStart = start + UInt64(spanIndex) * 1_000 + (isRoot || !hasRoot && spanIndex == 0 ? 0 : 10)
                let end = spanStart + 100_000 + UInt64(random.next(below: 3)) * 50_000
                let type: SpanType = [.llm, .tool, .span][random.next(below: 3)]
                var span = makeSpan(
                    trace: traceId, span: String(format: "%016x", traceIndex * 100 + spanIndex), parent: isRoot ? nil : String(format: "%016x", traceIndex * 100),
                    name: "step-\(spanIndex)", type: type, start: spanStart, end: end,
                    userId: maybe(users), threadId: maybe(threads), customerId: maybe(["acme", "globex"]),
                    labels: labels.filter { _ in random.next(below: 3) == 0 },
                    metadata: metadata(), input: random.next(below: 2) == 0 ? "question \(traceIndex).\(spanIndex) Paris" : nil,
                    output: random.next(below: 2) == 0 ? "answer \(traceIndex).\(spanIndex)" : nil,
                    inputTokens: type == .llm ? 10 + random.next(below: 90) : nil,
                    outputTokens: type == .llm ? random.next(below: 50) : nil,
                    cost: type == .llm ? Double(random.next(below: 64)) / 64 : nil, isError: random.next(below: 7) == 0)
                if type == .llm { span.model = models[random.next(below: models.count)] }
                if random.next(below: 4) == 0 {
                    span.events = [CollectedEvent(name: Span.evaluationEventName, time: Timestamp(nanosecondsSinceEpoch: end),
                                                  attributes: [SpanEvaluations.nameKey: "relevance",
                                                               SpanEvaluations.scoreKey: .double(Double(random.next(below: 10)) / 10)])]
                }
                spans.append(span)
            }
        }
        spanCount = spans.count
        // Patches for traces that have not arrived (pending), one of which expires first.
        steps.append(.patch(traceId: traceIds[0], MetadataPatch(userId: "patched-user", custom: ["reviewed": true]), .union))
        steps.append(.addLabels(traceId: traceIds[1], ["flagged"]))
        steps.append(.patch(traceId: traceIds[2], MetadataPatch(labels: ["only-this"]), .replace))
        steps.append(.evaluation(traceId: traceIds[3], name: "faithfulness", score: 0.25, label: nil))
        steps.append(.patch(traceId: traceIds[23], MetadataPatch(threadId: "expired-thread"), .union))
        expiringPatches = 1
        steps.append(.advanceClock(seconds: 30))
        // Shuffled batches; every third batch is sent twice (a sender's retry).
        spans.shuffle(using: &random)
        var batches: [[CollectedSpan]] = []
        var position = 0
        while position < spans.count {
            let size = 1 + random.next(below: 9)
            batches.append(Array(spans[position..<min(position + size, spans.count)]))
            position += size
        }
        // The spans of the trace whose patch expires arrive after it has.
        let late = batches.indices.filter { batches[$0].contains { $0.traceId == traceIds[23] } }
        let early = batches.indices.filter { !late.contains($0) }
        for (number, index) in early.enumerated() {
            steps.append(.ingest(batches[index]))
            if number % 3 == 0 { steps.append(.ingest(batches[index])) }
        }
        steps.append(.advanceClock(seconds: 60))
        for index in late { steps.append(.ingest(batches[index])) }
        // Patches after the traces arrived, on top of the pending ones.
        steps.append(.patch(traceId: traceIds[0], MetadataPatch(customerId: "late-customer", custom: ["score": 0.75]), .union))
        steps.append(.patch(traceId: traceIds[2], MetadataPatch(labels: ["after-replace"]), .union))
        steps.append(.patch(traceId: traceIds[4], MetadataPatch(labels: ["replaced"]), .replace))
        steps.append(.addLabels(traceId: traceIds[5], ["vip", "added"]))
        steps.append(.patch(traceId: traceIds[6], MetadataPatch(userId: "first"), .union))
        steps.append(.patch(traceId: traceIds[6], MetadataPatch(userId: "second", custom: ["variant": "Z"]), .union))
        steps.append(.evaluation(traceId: traceIds[7], name: "toxicity", score: nil, label: "pass"))
        return self
    }

    private mutating func maybe(_ values: [String]) -> String? {
        random.next(below: 3) == 0 ? nil : values[random.next(below: values.count)]
    }

    private mutating func metadata() -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        if random.next(below: 2) == 0 { metadata["variant"] = ["A", "B", "Z"][random.next(below: 3)] }
        if random.next(below: 2) == 0 { metadata["score"] = .double(Double(random.next(below: 100)) / 100) }
        if random.next(below: 3) == 0 { metadata["build"] = .int(Int64(100 + random.next(below: 5))) }
        if random.next(below: 4) == 0 { metadata["reviewed"] = .bool(random.next(below: 2) == 0) }
        if random.next(below: 5) == 0 { metadata["score"] = .string("0.9") }
        return metadata
    }
}

/// Every answer a store gives about a workload.
struct ParityAnswers {
    var all: [TraceSummary]
    var byUser: [String: [TraceSummary]] = [:]
    var byThread: [String: [TraceSummary]] = [:]
    var byCustomer: [String: [TraceSummary]] = [:]
    var byLabel: [String: [TraceSummary]] = [:]
    var byCondition: [String: [String]] = [:]
    var details: [String: TraceDetail?] = [:]
    var pages: [String: TraceDetail?] = [:]
    var turns: [String: [ConversationTurn]] = [:]
    var users: [UserSummary]
    var statistics: StoreStatistics
    var overview: Overview
    var spans: [String: CollectedSpan?] = [:]

    init(_ store: any TraceStoring, workload: ParityWorkload) throws {
        all = try store.traces(TraceFilter(limit: 10_000))
        for user in workload.users + ["patched-user", "first", "second"] { byUser[user] = try store.traces(TraceFilter(userId: user)) }
        for thread in workload.threads + ["expired-thread"] { byThread[thread] = try store.traces(TraceFilter(threadId: thread)) }
        for customer in ["acme", "globex", "late-customer"] { byCustomer[customer] = try store.traces(TraceFilter(customerId: customer)) }
        for label in workload.labels + ["flagged", "only-this", "after-replace", "replaced", "added"] {
            byLabel[label] = try store.traces(TraceFilter(label: label))
        }
        let conditions = ["variant=A", "variant=B", "variant=Z", "score>0.5", "score<=0.25", "score=0.9", "build>=102",
                          "reviewed=true", "reviewed=false", "score>0.7"]
        for condition in conditions {
            byCondition["meta " + condition] = try store.traces(TraceFilter(metadata: [MetadataCondition(parsing: condition)])).map(\.traceId)
        }
        for condition in ["relevance>0.5", "relevance<=0.3", "faithfulness<0.5", "toxicity=pass"] {
            var filter = TraceFilter()
            filter.evaluations = [try EvaluationCondition(parsing: condition)]
            byCondition["eval " + condition] = try store.traces(filter).map(\.traceId)
        }
        var viewerFilters: [String: TraceFilter] = [:]
        viewerFilters["errors"] = { var f = TraceFilter(); f.errorsOnly = true; return f }()
        viewerFilters["model"] = { var f = TraceFilter(); f.model = "gpt-4o"; return f }()
        viewerFilters["type"] = { var f = TraceFilter(); f.spanType = .tool; return f }()
        viewerFilters["text"] = { var f = TraceFilter(); f.text = "paris"; return f }()
        viewerFilters["duration"] = { var f = TraceFilter(); f.minimumDuration = .microseconds(150); return f }()
        viewerFilters["cost"] = { var f = TraceFilter(); f.minimumCost = 0.5; f.maximumCost = 1.5; return f }()
        viewerFilters["since"] = TraceFilter(since: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + 30_000_000_000))
        viewerFilters["combined"] = TraceFilter(userId: "ana", label: "production",
                                                metadata: [try MetadataCondition(parsing: "score>0.3")])
        viewerFilters["before"] = { var f = TraceFilter(limit: 5); f.before = workload.traceIds[12]; return f }()
        viewerFilters["after"] = { var f = TraceFilter(limit: 5); f.after = workload.traceIds[12]; return f }()
        for (name, filter) in viewerFilters { byCondition[name] = try store.traces(filter).map(\.traceId) }
        for traceId in workload.traceIds {
            details[traceId] = try store.trace(id: traceId, spanOffset: 0, spanLimit: .max)
            pages[traceId] = try store.trace(id: traceId, spanOffset: 1, spanLimit: 2)
            spans[traceId] = try store.span(traceId: traceId, spanId: details[traceId]??.spans.last?.span.spanId ?? "none")
        }
        for thread in workload.threads { turns[thread] = try store.thread(id: thread) }
        users = try store.users()
        statistics = try store.statistics()
        overview = try store.overview(from: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
                                      to: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + 80_000_000_000),
                                      intervals: 8)
    }

    /// Compares each answer apart, so that a difference names the query and the first field that differs.
    func expectEqual(_ other: ParityAnswers, sourceLocation: SourceLocation = #_sourceLocation) {
        func check<Value: Encodable & Equatable>(_ name: String, _ mine: Value, _ theirs: Value?) {
            guard mine != theirs else { return }
            Issue.record("\(name) differs: \(Self.firstDifference(mine, theirs))", sourceLocation: sourceLocation)
        }
        check("all traces", all, other.all)
        for (key, value) in byUser { check("user \(key)", value, other.byUser[key]) }
        for (key, value) in byThread { check("thread filter \(key)", value, other.byThread[key]) }
        for (key, value) in byCustomer { check("customer \(key)", value, other.byCustomer[key]) }
        for (key, value) in byLabel { check("label \(key)", value, other.byLabel[key]) }
        for (key, value) in byCondition { check(key, value, other.byCondition[key]) }
        for (key, value) in details { check("trace \(key)", value, other.details[key] ?? nil) }
        for (key, value) in pages { check("trace page \(key)", value, other.pages[key] ?? nil) }
        for (key, value) in spans { check("span of \(key)", value, other.spans[key] ?? nil) }
        for (key, value) in turns { check("thread \(key)", value, other.turns[key]) }
        check("users", users, other.users)
        check("statistics", statistics, other.statistics)
        check("overview", overview, other.overview)
    }

    /// The first line that differs between the two values' pretty JSON, with its neighbours.
    static func firstDifference<Value: Encodable>(_ mine: Value, _ theirs: Value?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let left = (try? String(decoding: encoder.encode(mine), as: UTF8.self))?.split(separator: "\n") ?? []
        let right = (try? String(decoding: encoder.encode(theirs), as: UTF8.self))?.split(separator: "\n") ?? []
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? String(left[index]) : "<end>"
            let b = index < right.count ? String(right[index]) : "<end>"
            if a != b {
                let context = left[max(0, index - 3)..<index].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
                return "after [\(context)]: SQLite \(a.trimmingCharacters(in: .whitespaces)) | ClickHouse \(b.trimmingCharacters(in: .whitespaces))"
            }
        }
        return "equal JSON, unequal values"
    }
}

/// A small seeded generator, so that a workload is the same on every run and for both stores.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }

    mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
