import GRDB
import Sightline

/// A value and the ``MergeRank`` that put it there.
struct RankedValue<Value: Hashable>: Hashable {
    var value: Value
    var rank: String

    /// Takes `value` when `rank` is higher than the current one (or there is none).
    static func best(_ current: RankedValue?, _ value: Value?, rank: @autoclosure () -> String) -> RankedValue? {
        guard let value else { return current }
        let candidate = rank()
        guard let current, current.rank >= candidate else { return RankedValue(value: value, rank: candidate) }
        return current
    }
}

/// One `traces` row: a trace's totals and merged values, folded from its spans one at a time.
struct TraceAggregate {
    /// The row's integer key; nil until the row is first saved.
    private(set) var key: Int64?
    /// The values as last read or saved, so that an update writes only what changed.
    private var savedValues: [DatabaseValue] = []
    var traceId: String
    var name: RankedValue<String>
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

    /// A trace whose first span is `span` (call ``add(_:)`` with it next).
    init(traceId: String, first span: CollectedSpan) {
        self.traceId = traceId
        name = RankedValue(value: span.name, rank: "")
        serviceName = span.serviceName
        startTime = span.startTime.nanosecondsSinceEpoch
        endTime = span.endTime.nanosecondsSinceEpoch
    }

    private static let selectSQL = """
        SELECT id, trace_id, name, name_rank, root_span_id, service_name, start_time, end_time, span_count,
            error_count, input_tokens, output_tokens, cost, user_id, user_rank, thread_id, thread_rank, customer_id,
            customer_rank, labels_replaced
        FROM traces WHERE trace_id = ?
        """

    /// The stored row of `traceId`, if there is one.
    static func fetch(traceId: String, in db: Database) throws -> TraceAggregate? {
        let statement = try BoundStatement(db, selectSQL)
        statement.bind(1, traceId)
        guard try statement.next() else { return nil }
        defer { statement.finish() }
        return TraceAggregate(statement)
    }

    private init(_ row: BoundStatement) {
        key = row.int64(0)
        traceId = row.text(1) ?? ""
        name = RankedValue(value: row.text(2) ?? "", rank: row.text(3) ?? "")
        rootSpanId = row.text(4)
        serviceName = row.text(5)
        startTime = SpanRecord.timestamp(row.int64(6)).nanosecondsSinceEpoch
        endTime = SpanRecord.timestamp(row.int64(7)).nanosecondsSinceEpoch
        spanCount = Int(row.int64(8))
        errorCount = Int(row.int64(9))
        inputTokens = row.optionalInt64(10).map { Int(truncatingIfNeeded: $0) }
        outputTokens = row.optionalInt64(11).map { Int(truncatingIfNeeded: $0) }
        cost = row.optionalDouble(12)
        user = Self.ranked(row, 13)
        thread = Self.ranked(row, 15)
        customer = Self.ranked(row, 17)
        labelsReplaced = row.int64(19) != 0
        savedValues = values
    }

    /// The value in column `index` and its rank in the next one.
    private static func ranked(_ row: BoundStatement, _ index: Int32) -> RankedValue<String>? {
        guard let value = row.text(index), let rank = row.text(index + 1) else { return nil }
        return RankedValue(value: value, rank: rank)
    }

    /// Folds one newly stored span into the totals and merged values.
    mutating func add(_ span: CollectedSpan) {
        let start = span.startTime.nanosecondsSinceEpoch
        let end = span.endTime.nanosecondsSinceEpoch
        startTime = min(startTime, start)
        endTime = max(endTime, end)
        spanCount += 1
        if span.isError { errorCount += 1 }
        inputTokens = Self.sum(inputTokens, span.inputTokens)
        outputTokens = Self.sum(outputTokens, span.outputTokens)
        if let spanCost = span.cost, spanCost.isFinite { cost = (cost ?? 0) + spanCost }
        if span.isRoot { rootSpanId = span.spanId }

        let beginning = MergeRank.earliestStarting(isRoot: span.isRoot, startTime: start, spanId: span.spanId)
        if beginning > name.rank {
            name = RankedValue(value: span.name, rank: beginning)
            serviceName = span.serviceName ?? serviceName
        }

        let latest = MergeRank.latestEnding(isRoot: span.isRoot, endTime: end, spanId: span.spanId)
        user = RankedValue.best(user, span.userId, rank: latest)
        thread = RankedValue.best(thread, span.threadId, rank: latest)
        customer = RankedValue.best(customer, span.customerId, rank: latest)
    }

    private static func sum(_ total: Int?, _ value: Int?) -> Int? {
        guard let value else { return total }
        return (total ?? 0) &+ value
    }

    /// The columns after the key, in the order ``fetch(traceId:in:)`` reads them.
    private static let columns = [
        "trace_id", "name", "name_rank", "root_span_id", "service_name", "start_time", "end_time", "span_count",
        "error_count", "input_tokens", "output_tokens", "cost", "user_id", "user_rank", "thread_id", "thread_rank",
        "customer_id", "customer_rank", "labels_replaced",
    ]

    /// The row's values after its key, in ``columns`` order.
    private var values: [DatabaseValue] {
        [
            traceId.databaseValue, name.value.databaseValue, name.rank.databaseValue, rootSpanId.databaseValue,
            serviceName.databaseValue, Int64(clamping: startTime).databaseValue, Int64(clamping: endTime).databaseValue,
            spanCount.databaseValue, errorCount.databaseValue, inputTokens.databaseValue, outputTokens.databaseValue,
            cost.databaseValue, user?.value.databaseValue ?? .null, user?.rank.databaseValue ?? .null,
            thread?.value.databaseValue ?? .null, thread?.rank.databaseValue ?? .null,
            customer?.value.databaseValue ?? .null, customer?.rank.databaseValue ?? .null, labelsReplaced.databaseValue,
        ]
    }

    /// Inserts the row, or updates the columns that changed since it was read; afterwards
    /// ``key`` is set. An update leaves unchanged columns alone, so the indexes on them (user,
    /// thread, customer) are not rewritten.
    mutating func save(in db: Database) throws {
        let current = values
        if let key {
            let changed = current.indices.filter { current[$0] != savedValues[$0] }
            guard !changed.isEmpty else { return }
            // Column names come from the fixed list above, never from input.
            let assignments = changed.map { Self.columns[$0] + " = ?" }.joined(separator: ", ")
            let statement = try BoundStatement(db, "UPDATE traces SET \(assignments) WHERE id = ?")
            for (position, index) in changed.enumerated() { statement.bind(Int32(position + 1), current[index]) }
            statement.bind(Int32(changed.count + 1), key)
            try statement.execute()
        } else {
            let statement = try BoundStatement(db, Self.insertSQL)
            for (index, value) in current.enumerated() { statement.bind(Int32(index + 1), value) }
            try statement.execute()
            key = db.lastInsertedRowID
        }
        savedValues = current
    }

    private static let insertSQL = """
        INSERT INTO traces (\(columns.joined(separator: ", ")))
        VALUES (\(databaseQuestionMarks(count: columns.count)))
        """
}
