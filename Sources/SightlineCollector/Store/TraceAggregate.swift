import GRDB
import Sightline

/// One `traces` row: a trace's totals and merged values, folded from its spans one at a time.
struct TraceAggregate: Sendable {
    /// The row's columns after its key.
    struct Columns: Equatable, Sendable {
        var traceId: String
        var name: String
        var nameRank: Rank
        var rootSpanId: String?
        var serviceName: String?
        var startTime: UInt64
        var endTime: UInt64
        var spanCount = 0
        var errorCount = 0
        var inputTokens: Int?
        var outputTokens: Int?
        var cost: Double?
        var user: RankedValue<String>?
        var thread: RankedValue<String>?
        var customer: RankedValue<String>?
        var labelsReplaced = false
        var cacheReadTokens: Int?
        var cacheCreationTokens: Int?
        var reasoningTokens: Int?
    }

    /// The row's integer key; nil until the row is first saved.
    private(set) var key: Int64?
    var columns: Columns
    /// The columns as last read or saved, so that an update writes only what changed.
    private var saved: Columns?

    var startTime: UInt64 { columns.startTime }
    var labelsReplaced: Bool { columns.labelsReplaced }
    /// What the trace adds to its user's totals now.
    var contribution: UserContribution? { UserContribution(columns) }
    /// What it added as last read or saved (nil for a trace not saved yet).
    var savedContribution: UserContribution? { saved.flatMap(UserContribution.init) }

    /// A trace whose first span is `span` (call ``add(_:)`` with it next).
    init(traceId: String, first span: CollectedSpan) {
        columns = Columns(traceId: traceId, name: span.name, nameRank: .lowest, serviceName: span.serviceName,
                          startTime: span.startTime.nanosecondsSinceEpoch, endTime: span.endTime.nanosecondsSinceEpoch)
    }

    static let selectSQL = """
        SELECT id, trace_id, name, name_rank, root_span_id, service_name, start_time, end_time, span_count,
            error_count, input_tokens, output_tokens, cost, user_id, user_rank, thread_id, thread_rank, customer_id,
            customer_rank, labels_replaced, cache_read_tokens, cache_creation_tokens, reasoning_tokens
        FROM traces WHERE trace_id = ?
        """

    /// The stored row of `traceId`, if there is one.
    static func fetch(traceId: String, with statement: BoundStatement) throws -> TraceAggregate? {
        statement.bind(1, traceId)
        guard try statement.next() else { return nil }
        defer { statement.finish() }
        return TraceAggregate(statement)
    }

    private init(_ row: BoundStatement) {
        key = row.int64(0)
        columns = Columns(
            traceId: row.text(1) ?? "", name: row.text(2) ?? "", nameRank: .text(row.text(3) ?? ""),
            rootSpanId: row.text(4), serviceName: row.text(5),
            startTime: SpanRecord.timestamp(row.int64(6)).nanosecondsSinceEpoch,
            endTime: SpanRecord.timestamp(row.int64(7)).nanosecondsSinceEpoch,
            spanCount: Int(row.int64(8)), errorCount: Int(row.int64(9)),
            inputTokens: row.optionalInt64(10).map { Int(truncatingIfNeeded: $0) },
            outputTokens: row.optionalInt64(11).map { Int(truncatingIfNeeded: $0) },
            cost: row.optionalDouble(12),
            user: Self.ranked(row, 13), thread: Self.ranked(row, 15), customer: Self.ranked(row, 17),
            labelsReplaced: row.int64(19) != 0,
            cacheReadTokens: row.optionalInt64(20).map { Int(truncatingIfNeeded: $0) },
            cacheCreationTokens: row.optionalInt64(21).map { Int(truncatingIfNeeded: $0) },
            reasoningTokens: row.optionalInt64(22).map { Int(truncatingIfNeeded: $0) })
        saved = columns
    }

    /// The value in column `index` and its rank in the next one.
    private static func ranked(_ row: BoundStatement, _ index: Int32) -> RankedValue<String>? {
        guard let value = row.text(index), let rank = row.text(index + 1) else { return nil }
        return RankedValue(value: value, rank: .text(rank))
    }

    /// Folds one newly stored span into the totals and merged values.
    mutating func add(_ span: CollectedSpan) {
        let start = span.startTime.nanosecondsSinceEpoch
        let end = span.endTime.nanosecondsSinceEpoch
        columns.startTime = min(columns.startTime, start)
        columns.endTime = max(columns.endTime, end)
        columns.spanCount += 1
        if span.isError { columns.errorCount += 1 }
        columns.inputTokens = Self.sum(columns.inputTokens, span.inputTokens)
        columns.outputTokens = Self.sum(columns.outputTokens, span.outputTokens)
        columns.cacheReadTokens = Self.sum(columns.cacheReadTokens, span.cacheReadTokens)
        columns.cacheCreationTokens = Self.sum(columns.cacheCreationTokens, span.cacheCreationTokens)
        columns.reasoningTokens = Self.sum(columns.reasoningTokens, span.reasoningTokens)
        if let spanCost = span.cost, spanCost.isFinite { columns.cost = (columns.cost ?? 0) + spanCost }
        if span.isRoot { columns.rootSpanId = span.spanId }

        let beginning = Rank.earliestStarting(span)
        if beginning.outranks(columns.nameRank) {
            columns.name = span.name
            columns.nameRank = beginning
            columns.serviceName = span.serviceName ?? columns.serviceName
        }

        if span.userId != nil || span.threadId != nil || span.customerId != nil {
            let latest = Rank.latestEnding(span)
            columns.user = RankedValue.best(columns.user, span.userId, rank: latest)
            columns.thread = RankedValue.best(columns.thread, span.threadId, rank: latest)
            columns.customer = RankedValue.best(columns.customer, span.customerId, rank: latest)
        }
    }

    private static func sum(_ total: Int?, _ value: Int?) -> Int? {
        guard let value else { return total }
        return (total ?? 0) &+ value
    }

    /// The column names after the key, in ``fetch(traceId:with:)`` order.
    private static let names = [
        "trace_id", "name", "name_rank", "root_span_id", "service_name", "start_time", "end_time", "span_count",
        "error_count", "input_tokens", "output_tokens", "cost", "user_id", "user_rank", "thread_id", "thread_rank",
        "customer_id", "customer_rank", "labels_replaced", "cache_read_tokens", "cache_creation_tokens",
        "reasoning_tokens",
    ]

    /// A new row is newer than the indexing watermark: it is not indexed yet (see ``DeferredIndexing``).
    static let insertSQL = """
        INSERT INTO traces (\(names.joined(separator: ", ")), indexed)
        VALUES (\(databaseQuestionMarks(count: names.count)), 0)
        """

    /// Binds column `index` (0-based, ``names`` order) of `columns` to parameter `parameter`.
    private static func bind(_ index: Int, of columns: Columns, to statement: BoundStatement, at parameter: Int32) {
        switch index {
        case 0: statement.bind(parameter, columns.traceId)
        case 1: statement.bind(parameter, columns.name)
        case 2: statement.bind(parameter, columns.nameRank.text)
        case 3: statement.bind(parameter, columns.rootSpanId)
        case 4: statement.bind(parameter, columns.serviceName)
        case 5: statement.bind(parameter, Int64(clamping: columns.startTime))
        case 6: statement.bind(parameter, Int64(clamping: columns.endTime))
        case 7: statement.bind(parameter, columns.spanCount)
        case 8: statement.bind(parameter, columns.errorCount)
        case 9: statement.bind(parameter, columns.inputTokens)
        case 10: statement.bind(parameter, columns.outputTokens)
        case 11: statement.bind(parameter, columns.cost)
        case 12: statement.bind(parameter, columns.user?.value)
        case 13: statement.bind(parameter, columns.user?.rank.text)
        case 14: statement.bind(parameter, columns.thread?.value)
        case 15: statement.bind(parameter, columns.thread?.rank.text)
        case 16: statement.bind(parameter, columns.customer?.value)
        case 17: statement.bind(parameter, columns.customer?.rank.text)
        case 18: statement.bind(parameter, columns.labelsReplaced)
        case 19: statement.bind(parameter, columns.cacheReadTokens)
        case 20: statement.bind(parameter, columns.cacheCreationTokens)
        default: statement.bind(parameter, columns.reasoningTokens)
        }
    }

    /// The indexes (in ``names``) of the columns that differ between `a` and `b`.
    private static func changes(_ a: Columns, _ b: Columns) -> [Int] {
        var changed: [Int] = []
        if a.traceId != b.traceId { changed.append(0) }
        if a.name != b.name { changed.append(1) }
        if a.nameRank != b.nameRank { changed.append(2) }
        if a.rootSpanId != b.rootSpanId { changed.append(3) }
        if a.serviceName != b.serviceName { changed.append(4) }
        if a.startTime != b.startTime { changed.append(5) }
        if a.endTime != b.endTime { changed.append(6) }
        if a.spanCount != b.spanCount { changed.append(7) }
        if a.errorCount != b.errorCount { changed.append(8) }
        if a.inputTokens != b.inputTokens { changed.append(9) }
        if a.outputTokens != b.outputTokens { changed.append(10) }
        if !Self.same(a.cost, b.cost) { changed.append(11) }
        if a.user?.value != b.user?.value { changed.append(12) }
        if a.user?.rank != b.user?.rank { changed.append(13) }
        if a.thread?.value != b.thread?.value { changed.append(14) }
        if a.thread?.rank != b.thread?.rank { changed.append(15) }
        if a.customer?.value != b.customer?.value { changed.append(16) }
        if a.customer?.rank != b.customer?.rank { changed.append(17) }
        if a.labelsReplaced != b.labelsReplaced { changed.append(18) }
        if a.cacheReadTokens != b.cacheReadTokens { changed.append(19) }
        if a.cacheCreationTokens != b.cacheCreationTokens { changed.append(20) }
        if a.reasoningTokens != b.reasoningTokens { changed.append(21) }
        return changed
    }

    private static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return x == y || (!x.isFinite && !y.isFinite)
        default: return false
        }
    }

    /// Inserts the row with `insert` (``insertSQL``), or updates the columns that changed since
    /// it was read; afterwards ``key`` is set. An update leaves unchanged columns alone, so the
    /// indexes on them (user, thread, customer) are not rewritten.
    mutating func save(in db: Database, insert: BoundStatement) throws {
        if let key, let saved {
            let changed = Self.changes(columns, saved)
            guard !changed.isEmpty else { return }
            // Column names come from the fixed list above, never from input.
            let assignments = changed.map { Self.names[$0] + " = ?" }.joined(separator: ", ")
            let statement = try BoundStatement(db, "UPDATE traces SET \(assignments) WHERE id = ?")
            for (position, index) in changed.enumerated() {
                Self.bind(index, of: columns, to: statement, at: Int32(position + 1))
            }
            statement.bind(Int32(changed.count + 1), key)
            try statement.execute()
        } else {
            for index in Self.names.indices { Self.bind(index, of: columns, to: insert, at: Int32(index + 1)) }
            try insert.execute()
            key = db.lastInsertedRowID
        }
        saved = columns
    }
}
