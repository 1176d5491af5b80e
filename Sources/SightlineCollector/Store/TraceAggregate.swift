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
    var input: RankedValue<String>?
    var output: RankedValue<String>?
    var labelsReplaced = false

    /// A trace whose first span is `span` (call ``add(_:)`` with it next).
    init(traceId: String, first span: CollectedSpan) {
        self.traceId = traceId
        name = RankedValue(value: span.name, rank: "")
        serviceName = span.serviceName
        startTime = span.startTime.nanosecondsSinceEpoch
        endTime = span.endTime.nanosecondsSinceEpoch
    }

    init(row: Row) {
        traceId = row["trace_id"]
        name = RankedValue(value: row["name"], rank: row["name_rank"])
        rootSpanId = row["root_span_id"]
        serviceName = row["service_name"]
        startTime = SpanRecord.timestamp(row["start_time"]).nanosecondsSinceEpoch
        endTime = SpanRecord.timestamp(row["end_time"]).nanosecondsSinceEpoch
        spanCount = row["span_count"]
        errorCount = row["error_count"]
        inputTokens = row["input_tokens"]
        outputTokens = row["output_tokens"]
        cost = row["cost"]
        user = Self.ranked(row, "user_id", "user_rank")
        thread = Self.ranked(row, "thread_id", "thread_rank")
        customer = Self.ranked(row, "customer_id", "customer_rank")
        input = Self.ranked(row, "input", "input_rank")
        output = Self.ranked(row, "output", "output_rank")
        labelsReplaced = row["labels_replaced"]
    }

    private static func ranked(_ row: Row, _ valueColumn: String, _ rankColumn: String) -> RankedValue<String>? {
        guard let value: String = row[valueColumn], let rank: String = row[rankColumn] else { return nil }
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
        input = RankedValue.best(input, span.input, rank: beginning)

        let latest = MergeRank.latestEnding(isRoot: span.isRoot, endTime: end, spanId: span.spanId)
        user = RankedValue.best(user, span.userId, rank: latest)
        thread = RankedValue.best(thread, span.threadId, rank: latest)
        customer = RankedValue.best(customer, span.customerId, rank: latest)
        output = RankedValue.best(output, span.output, rank: latest)
    }

    private static func sum(_ total: Int?, _ value: Int?) -> Int? {
        guard let value else { return total }
        return (total ?? 0) &+ value
    }

    static let upsertSQL = """
        INSERT INTO traces (trace_id, name, name_rank, root_span_id, service_name, start_time, end_time, span_count,
            error_count, input_tokens, output_tokens, cost, user_id, user_rank, thread_id, thread_rank,
            customer_id, customer_rank, input, input_rank, output, output_rank, labels_replaced)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (trace_id) DO UPDATE SET
            name = excluded.name, name_rank = excluded.name_rank, root_span_id = excluded.root_span_id,
            service_name = excluded.service_name, start_time = excluded.start_time, end_time = excluded.end_time,
            span_count = excluded.span_count, error_count = excluded.error_count,
            input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cost = excluded.cost,
            user_id = excluded.user_id, user_rank = excluded.user_rank,
            thread_id = excluded.thread_id, thread_rank = excluded.thread_rank,
            customer_id = excluded.customer_id, customer_rank = excluded.customer_rank,
            input = excluded.input, input_rank = excluded.input_rank,
            output = excluded.output, output_rank = excluded.output_rank,
            labels_replaced = excluded.labels_replaced
        """

    func save(in db: Database) throws {
        let statement = try db.cachedStatement(sql: Self.upsertSQL)
        let arguments: [(any DatabaseValueConvertible)?] = [
            traceId, name.value, name.rank, rootSpanId, serviceName, Int64(clamping: startTime),
            Int64(clamping: endTime), spanCount, errorCount, inputTokens, outputTokens, cost,
            user?.value, user?.rank, thread?.value, thread?.rank, customer?.value, customer?.rank,
            input?.value, input?.rank, output?.value, output?.rank, labelsReplaced,
        ]
        statement.setUncheckedArguments(StatementArguments(arguments))
        try statement.execute()
    }
}
