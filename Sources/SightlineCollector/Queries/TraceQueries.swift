import GRDB
import Sightline

/// The read side of ``TraceStore``: parameterised SQL over one read transaction.
enum TraceQueries {
    /// The most traces one filter returns.
    static let maximumLimit = 10_000

    // MARK: Traces

    /// Traces matching `filter`, newest first.
    ///
    /// The query is driven by the most selective index the filter allows, so that the newest
    /// matches come straight off an index in start-time order: the user, thread or customer
    /// index of `traces`; else the label index; else the exact-metadata index; else the
    /// start-time index, checking the remaining conditions trace by trace.
    static func traces(_ filter: TraceFilter, in db: Database) throws -> [TraceSummary] {
        var query = FilterQuery()
        let exactConditions = filter.metadata.filter { $0.comparison == .equal }
        let driver: String
        if filter.userId != nil || filter.threadId != nil || filter.customerId != nil {
            driver = "t"
            query.from = "traces t"
        } else if let label = filter.label {
            driver = "d"
            query.from = "trace_labels d CROSS JOIN traces t ON t.trace_id = d.trace_id"
            query.add("d.label = ?", label)
        } else if let first = exactConditions.first {
            driver = "d"
            query.from = "trace_metadata d CROSS JOIN traces t ON t.trace_id = d.trace_id"
            query.add("d.key = ? AND d.value_text = ?", first.key, first.matchText)
        } else {
            driver = "t"
            query.from = "traces t"
        }

        if let userId = filter.userId { query.add("t.user_id = ?", userId) }
        if let threadId = filter.threadId { query.add("t.thread_id = ?", threadId) }
        if let customerId = filter.customerId { query.add("t.customer_id = ?", customerId) }
        if let label = filter.label, driver == "t" {
            query.add("EXISTS (SELECT 1 FROM trace_labels l WHERE l.trace_id = t.trace_id AND l.label = ?)", label)
        }
        for condition in filter.metadata {
            let isDriver = driver == "d" && filter.label == nil && condition == exactConditions.first
            if isDriver { continue }
            if condition.comparison == .equal {
                query.add("""
                    EXISTS (SELECT 1 FROM trace_metadata m WHERE m.trace_id = t.trace_id AND m.key = ?
                            AND m.value_text = ?)
                    """, condition.key, condition.matchText)
            } else {
                query.add("""
                    EXISTS (SELECT 1 FROM trace_metadata m WHERE m.trace_id = t.trace_id AND m.key = ?
                            AND m.value_number \(condition.comparison.rawValue) ?)
                    """, condition.key, condition.value.doubleValue ?? 0)
            }
        }
        if let since = filter.since {
            query.add("\(driver).start_time >= ?", SpanRecord.integer(since))
        }

        let limit = min(max(filter.limit, 1), maximumLimit)
        let sql = "SELECT t.* FROM \(query.from)"
            + (query.conditions.isEmpty ? "" : " WHERE " + query.conditions.joined(separator: " AND "))
            + " ORDER BY \(driver).start_time DESC LIMIT \(limit)"
        let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(query.arguments))
        return try summaries(rows, in: db)
    }

    /// SQL conditions and their arguments, in step.
    private struct FilterQuery {
        var from = ""
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []

        mutating func add(_ condition: String, _ values: (any DatabaseValueConvertible)...) {
            conditions.append(condition)
            arguments.append(contentsOf: values)
        }
    }

    // MARK: One trace

    static func trace(id: String, in db: Database) throws -> TraceDetail? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM traces WHERE trace_id = ?", arguments: [id]) else {
            return nil
        }
        let summary = try summaries([row], in: db)[0]
        let spans = try Row.fetchAll(db, sql: "SELECT \(SpanRecord.selectColumns) FROM spans WHERE trace_id = ?",
                                     arguments: [id]).map(SpanRecord.span(from:))
        return TraceDetail(summary: summary, spans: treeOrder(spans))
    }

    /// Depth-first, children after their parent, siblings by start time then span id.
    static func treeOrder(_ spans: [CollectedSpan]) -> [TraceSpanNode] {
        let ids = Set(spans.map(\.spanId))
        var children: [String: [CollectedSpan]] = [:]
        var roots: [CollectedSpan] = []
        for span in spans {
            if let parent = span.parentSpanId, parent != span.spanId, ids.contains(parent) {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        func ordered(_ list: [CollectedSpan]) -> [CollectedSpan] {
            list.sorted { ($0.startTime, $0.spanId) < ($1.startTime, $1.spanId) }
        }
        var result: [TraceSpanNode] = []
        result.reserveCapacity(spans.count)
        var visited: Set<String> = []
        // An explicit stack: a deep or cyclic parent chain from a sender cannot overflow it.
        var stack: [(span: CollectedSpan, depth: Int)] = ordered(roots).reversed().map { ($0, 0) }
        while let (span, depth) = stack.popLast() {
            guard visited.insert(span.spanId).inserted else { continue }
            result.append(TraceSpanNode(depth: depth, span: span))
            for child in ordered(children[span.spanId] ?? []).reversed() { stack.append((child, depth + 1)) }
        }
        // Spans on a parent cycle are reachable from no root: list them after the tree.
        for span in ordered(spans) where !visited.contains(span.spanId) {
            visited.insert(span.spanId)
            result.append(TraceSpanNode(depth: 0, span: span))
        }
        return result
    }

    // MARK: Threads and users

    static func thread(id: String, in db: Database) throws -> [ConversationTurn] {
        try Row.fetchAll(db, sql: """
            SELECT trace_id, start_time, end_time, user_id, input, output, error_count, input_tokens, output_tokens, cost
            FROM traces WHERE thread_id = ? ORDER BY start_time, trace_id
            """, arguments: [id]).map { row in
            ConversationTurn(traceId: row["trace_id"], startTime: SpanRecord.timestamp(row["start_time"]),
                             endTime: SpanRecord.timestamp(row["end_time"]), userId: row["user_id"],
                             input: (row["input"] as String?).map(ContentText.readable),
                             output: (row["output"] as String?).map(ContentText.readable),
                             isError: (row["error_count"] as Int) > 0, inputTokens: row["input_tokens"],
                             outputTokens: row["output_tokens"], cost: row["cost"])
        }
    }

    static func users(in db: Database) throws -> [UserSummary] {
        try Row.fetchAll(db, sql: """
            SELECT user_id, count(*) AS traces, count(DISTINCT thread_id) AS threads,
                   total(input_tokens) AS input_tokens, total(output_tokens) AS output_tokens, total(cost) AS cost,
                   sum(error_count > 0) AS error_traces, max(end_time) AS last_seen
            FROM traces WHERE user_id IS NOT NULL
            GROUP BY user_id ORDER BY last_seen DESC, user_id
            """).map { row in
            UserSummary(userId: row["user_id"], traceCount: row["traces"], threadCount: row["threads"],
                        inputTokens: Int(row["input_tokens"] as Double), outputTokens: Int(row["output_tokens"] as Double),
                        cost: row["cost"], errorTraceCount: row["error_traces"],
                        lastSeen: SpanRecord.timestamp(row["last_seen"]))
        }
    }

    static func statistics(in db: Database) throws -> StoreStatistics {
        StoreStatistics(
            traceCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM traces") ?? 0,
            spanCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM spans") ?? 0,
            pendingPatches: try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_patches") ?? 0,
            expiredPendingPatches: try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'expired_patches'") ?? 0)
    }

    // MARK: Summaries

    /// Summaries of `traces` rows, with their labels and metadata, in the rows' order.
    private static func summaries(_ rows: [Row], in db: Database) throws -> [TraceSummary] {
        guard !rows.isEmpty else { return [] }
        let ids: [String] = rows.map { $0["trace_id"] }
        var labels: [String: [String]] = [:]
        var metadata: [String: [String: JSONValue]] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let placeholders = databaseQuestionMarks(count: chunk.count)
            let arguments = StatementArguments(chunk)
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_id, label FROM trace_labels WHERE trace_id IN (\(placeholders)) ORDER BY label
                """, arguments: arguments) {
                labels[row["trace_id"], default: []].append(row["label"])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_id, key, value_json FROM trace_metadata WHERE trace_id IN (\(placeholders))
                """, arguments: arguments) {
                let value = (try? JSONValue(parsing: (row["value_json"] as String).utf8)) ?? .null
                metadata[row["trace_id"], default: [:]][row["key"]] = value
            }
        }
        return rows.map { row in
            let id: String = row["trace_id"]
            return TraceSummary(
                traceId: id, name: row["name"], serviceName: row["service_name"],
                startTime: SpanRecord.timestamp(row["start_time"]), endTime: SpanRecord.timestamp(row["end_time"]),
                spanCount: row["span_count"], errorCount: row["error_count"], userId: row["user_id"],
                threadId: row["thread_id"], customerId: row["customer_id"], labels: labels[id] ?? [],
                metadata: metadata[id] ?? [:], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"],
                cost: row["cost"], input: row["input"], output: row["output"])
        }
    }
}
