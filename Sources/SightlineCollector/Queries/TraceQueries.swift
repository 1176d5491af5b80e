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
    /// index of `traces`; else the label index; else the exact-metadata index. A numeric
    /// comparison drives through the numeric index when few values match (their start times are
    /// then sorted), and so does an evaluation condition through the evaluation indexes; otherwise
    /// the start-time index is read newest first, checking the conditions trace by trace, which
    /// finds enough matches quickly precisely because they are common.
    ///
    /// The user, thread, customer, label and metadata indexes hold the indexed traces only (see
    /// ``DeferredIndexing``): a query driven by one of them also checks the unindexed traces one
    /// by one, and the newest matches of both are kept.
    static func traces(_ filter: TraceFilter, in db: Database) throws -> [TraceSummary] {
        var drivingCondition = filter.metadata.first { $0.comparison == .equal }
        if drivingCondition == nil, filter.userId == nil, filter.threadId == nil, filter.customerId == nil,
           filter.label == nil, let numeric = filter.metadata.first {
            if try isRare(numeric, since: filter.since, in: db) { drivingCondition = numeric }
        }
        var query = FilterQuery()
        let driver: String
        if filter.userId != nil || filter.threadId != nil || filter.customerId != nil {
            driver = "t"
            query.from = "traces t"
            query.add("t.indexed = 1", [])
        } else if let label = filter.label {
            driver = "d"
            query.from = "trace_labels d CROSS JOIN traces t ON t.id = d.trace_key"
            query.add("d.indexed = 1 AND d.label = ?", [label.databaseValue])
        } else if let condition = drivingCondition {
            driver = "d"
            query.from = "trace_metadata d CROSS JOIN traces t ON t.id = d.trace_key"
            let (sql, arguments) = condition.sql(alias: "d")
            query.add("d.indexed = 1 AND " + sql, arguments)
        } else if let evaluation = filter.evaluations.first, try isRare(evaluation, in: db) {
            // Few evaluations meet it: their traces, found through the name-and-score (or label)
            // index by key, sorted by start time. Every evaluation is indexed: nothing to check apart.
            var rare = FilterQuery.eachTrace(of: filter, from: "traces t NOT INDEXED")
            let (predicate, arguments) = evaluation.predicate()
            rare.add("t.id IN (SELECT e.trace_key FROM trace_evaluations e WHERE \(predicate))", arguments)
            return try summaries(ofKeys: rare.newest(orderedBy: "t", filter, in: db).map(\.key), in: db)
        } else {
            // The start-time index holds every trace: no unindexed ones to check apart.
            let all = FilterQuery.eachTrace(of: filter, from: "traces t")
            return try summaries(ofKeys: all.newest(orderedBy: "t", filter, in: db).map(\.key), in: db)
        }
        let labelDrives = driver == "d" && filter.label != nil
        query.addChecks(of: filter, labelDrives: labelDrives,
                        skipping: driver == "d" && !labelDrives ? drivingCondition : nil)
        query.addSince(of: filter, on: driver)
        let unindexed = FilterQuery.eachTrace(of: filter, from: DeferredIndexing.unindexedTraces,
                                              where: DeferredIndexing.unindexedCondition)

        let newest = try (query.newest(orderedBy: driver, filter, in: db) + unindexed.newest(orderedBy: "t", filter, in: db))
            .sorted { ($0.startTime, $0.key) > ($1.startTime, $1.key) }
        return try summaries(ofKeys: newest.prefix(limit(of: filter)).map(\.key), in: db)
    }

    private static func limit(of filter: TraceFilter) -> Int {
        min(max(filter.limit, 1), maximumLimit)
    }

    /// Whether at most ``rareMatchCount`` metadata values meet `condition`: few enough to read
    /// them all from the numeric index and sort them by start time.
    private static func isRare(_ condition: MetadataCondition, since: Timestamp?, in db: Database) throws -> Bool {
        let (sql, arguments) = condition.sql(alias: "m")
        var values = arguments
        var range = ""
        if let since {
            range = " AND m.start_time >= ?"
            values.append(SpanRecord.integer(since).databaseValue)
        }
        let count = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM (
                SELECT 1 FROM trace_metadata m WHERE m.indexed = 1 AND \(sql)\(range) LIMIT \(rareMatchCount + 1))
            """, arguments: StatementArguments(values)) ?? 0
        return count <= rareMatchCount
    }

    /// Whether at most ``rareMatchCount`` evaluations meet `condition`.
    private static func isRare(_ condition: EvaluationCondition, in db: Database) throws -> Bool {
        let (predicate, arguments) = condition.predicate()
        let count = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM (SELECT 1 FROM trace_evaluations e WHERE \(predicate) LIMIT \(rareMatchCount + 1))
            """, arguments: StatementArguments(arguments)) ?? 0
        return count <= rareMatchCount
    }

    /// See ``isRare(_:since:in:)``.
    static let rareMatchCount = 5_000

    /// SQL conditions and their arguments, in step.
    private struct FilterQuery {
        var from = ""
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []

        mutating func add(_ condition: String, _ values: [DatabaseValue]) {
            conditions.append(condition)
            arguments.append(contentsOf: values)
        }

        /// A query that checks every condition of `filter` on each trace `t` of `from` that
        /// meets `condition`.
        static func eachTrace(of filter: TraceFilter, from: String, where condition: String? = nil) -> FilterQuery {
            var query = FilterQuery()
            query.from = from
            if let condition { query.add(condition, []) }
            query.addChecks(of: filter, labelDrives: false, skipping: nil)
            query.addSince(of: filter, on: "t")
            return query
        }

        /// The filter's conditions on each trace `t`: its user, thread and customer, its label
        /// unless a label row drives the query, each metadata condition but `skipped` (the
        /// one that drives it), and each evaluation condition.
        mutating func addChecks(of filter: TraceFilter, labelDrives: Bool, skipping skipped: MetadataCondition?) {
            if let userId = filter.userId { add("t.user_id = ?", [userId.databaseValue]) }
            if let threadId = filter.threadId { add("t.thread_id = ?", [threadId.databaseValue]) }
            if let customerId = filter.customerId { add("t.customer_id = ?", [customerId.databaseValue]) }
            if let label = filter.label, !labelDrives {
                add("EXISTS (SELECT 1 FROM trace_labels l WHERE l.trace_key = t.id AND l.label = ?)",
                    [label.databaseValue])
            }
            for (index, condition) in filter.metadata.enumerated() {
                if condition == skipped, index == filter.metadata.firstIndex(of: condition) { continue }
                let (sql, arguments) = condition.sql(alias: "m")
                add("EXISTS (SELECT 1 FROM trace_metadata m WHERE m.trace_key = t.id AND \(sql))", arguments)
            }
            for condition in filter.evaluations {
                let (sql, arguments) = condition.sql()
                add(sql, arguments)
            }
            for (sql, arguments) in TraceFilterConditions.conditions(of: filter) { add(sql, arguments) }
        }

        /// The filter's earliest start, on the start time of `driver`, and its page cursors.
        mutating func addSince(of filter: TraceFilter, on driver: String) {
            if let since = filter.since { add("\(driver).start_time >= ?", [SpanRecord.integer(since).databaseValue]) }
            for (sql, arguments) in TraceFilterConditions.cursorConditions(
                of: filter, startTime: "\(driver).start_time", key: Self.key(of: driver)) {
                add(sql, arguments)
            }
        }

        /// The trace key column of `driver`: ties in start time are ordered by it, which the
        /// driving indexes hold after the start time (rowid, or the rows' primary key).
        static func key(of driver: String) -> String {
            driver == "t" ? "t.id" : "\(driver).trace_key"
        }

        /// The keys and start times of the newest matches, by the start time of `driver`. Only
        /// keys: a query that sorts its matches computes its columns for every match first.
        func newest(orderedBy driver: String, _ filter: TraceFilter,
                    in db: Database) throws -> [(key: Int64, startTime: Int64)] {
            let sql = "SELECT t.id, \(driver).start_time FROM \(from)"
                + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY \(driver).start_time DESC, \(Self.key(of: driver)) DESC LIMIT \(limit(of: filter))"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { ($0[0], $0[1]) }
        }
    }

    // MARK: One trace

    /// One trace with the spans from `spanOffset` in tree order, at most `spanLimit` of them.
    /// The tree is ordered from the spans' outlines; only the page's spans are read whole.
    static func trace(id: String, spanOffset: Int, spanLimit: Int, in db: Database) throws -> TraceDetail? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(summaryColumns) FROM traces t WHERE t.trace_id = ?",
                                         arguments: [id]) else {
            return nil
        }
        let summary = try summaries([row], in: db)[0]
        if spanOffset <= 0, spanLimit >= summary.spanCount {
            // The whole trace: its spans read in one pass, as they are ordered.
            let spans = try Row.fetchAll(db, sql: "SELECT \(SpanRecord.selectColumns) FROM spans WHERE trace_key = ?",
                                         arguments: [row[0] as Int64]).map { SpanRecord.span(from: $0, traceId: id) }
            return TraceDetail(summary: summary, spans: SpanTree.order(spans).map { TraceSpanNode(depth: $0.depth, span: $0.span) })
        }
        let outlines = try Row.fetchAll(db, sql: "SELECT rowid, span_id, parent_span_id, start_time FROM spans WHERE trace_key = ?",
                                        arguments: [row[0] as Int64]).map { outline in
            SpanOutline(rowId: outline[0], spanId: outline[1], parentSpanId: outline[2], startTime: SpanRecord.timestamp(outline[3]))
        }
        let ordered = SpanTree.order(outlines)
        let start = min(max(spanOffset, 0), ordered.count)
        let page = ordered[start..<(start + min(max(spanLimit, 0), ordered.count - start))]
        var spans: [Int64: CollectedSpan] = [:]
        let rowIds = page.map(\.span.rowId)
        for chunkStart in stride(from: 0, to: rowIds.count, by: 500) {
            let chunk = Array(rowIds[chunkStart..<min(chunkStart + 500, rowIds.count)])
            for span in try Row.fetchAll(db, sql: """
                SELECT \(SpanRecord.selectColumns), rowid FROM spans WHERE rowid IN (\(databaseQuestionMarks(count: chunk.count)))
                """, arguments: StatementArguments(chunk)) {
                spans[span[span.count - 1]] = SpanRecord.span(from: span, traceId: id)
            }
        }
        return TraceDetail(summary: summary, spans: page.compactMap { node in
            spans[node.span.rowId].map { TraceSpanNode(depth: node.depth, span: $0) }
        }, spanOffset: start, nextSpanOffset: page.endIndex < ordered.count ? page.endIndex : nil)
    }

    // MARK: Threads and users

    static func thread(id: String, in db: Database) throws -> [ConversationTurn] {
        let columns = """
            t.trace_id AS trace_id, t.start_time AS start_time, t.end_time AS end_time, t.user_id AS user_id,
            substr(\(traceInput), 1, \(ValuePreview.storedPrefix)) AS input,
            substr(\(traceOutput), 1, \(ValuePreview.storedPrefix)) AS output, t.error_count AS error_count,
            t.input_tokens AS input_tokens, t.output_tokens AS output_tokens, t.cost AS cost,
            (SELECT min(s.first_token_time) FROM spans s WHERE s.trace_key = t.id) AS first_token_time
            """
        return try Row.fetchAll(db, sql: """
            \(DeferredIndexing.traces(where: "t.thread_id = ?1", columns: columns)) ORDER BY start_time, trace_id
            """, arguments: [id]).map { row in
            let input = ConversationTurn.bounded((row["input"] as String?).map(ContentText.readable))
            let output = ConversationTurn.bounded((row["output"] as String?).map(ContentText.readable))
            return ConversationTurn(traceId: row["trace_id"], startTime: SpanRecord.timestamp(row["start_time"]),
                             endTime: SpanRecord.timestamp(row["end_time"]), userId: row["user_id"],
                             input: input.text, inputIsTruncated: input.isTruncated,
                             output: output.text, outputIsTruncated: output.isTruncated,
                             isError: (row["error_count"] as Int) > 0, inputTokens: row["input_tokens"],
                             outputTokens: row["output_tokens"], cost: row["cost"],
                             firstTokenTime: (row["first_token_time"] as Int64?).map(SpanRecord.timestamp))
        }
    }

    /// The rows of `users`, kept at ingest; equal to totalling each user's traces. Read through a
    /// cursor, which decodes each row in place rather than copying it first.
    static func users(in db: Database) throws -> [UserSummary] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT user_id, trace_count, thread_count, input_tokens, output_tokens, cost, error_trace_count, last_seen
            FROM users ORDER BY last_seen DESC, user_id
            """)
        var users: [UserSummary] = []
        while let row = try rows.next() {
            users.append(UserSummary(
                userId: row[0], traceCount: integer(row[1]), threadCount: integer(row[2]), inputTokens: integer(row[3]),
                outputTokens: integer(row[4]), cost: (row[5] as Double?) ?? .nan, errorTraceCount: integer(row[6]),
                lastSeen: SpanRecord.timestamp(row[7])))
        }
        return users
    }

    /// An integer total as stored; SQLite turns a sum that overflows 64 bits into a REAL,
    /// which is clamped to Int's range.
    private static func integer(_ value: DatabaseValue) -> Int {
        switch value.storage {
        case .int64(let number): return Int(number)
        case .double(let number):
            if number.isNaN { return 0 }
            return number >= 0x1p63 ? .max : number < -0x1p63 ? .min : Int(number)
        default: return 0
        }
    }

    static func statistics(in db: Database) throws -> StoreStatistics {
        StoreStatistics(
            traceCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM traces") ?? 0,
            spanCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM spans") ?? 0,
            pendingPatches: try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_patches") ?? 0,
            expiredPendingPatches: try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'expired_patches'") ?? 0,
            costsUnknownModel: try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'costs_unknown_model'") ?? 0)
    }

    // MARK: Summaries

    /// The `traces` columns ``summaries(_:in:)`` reads, in its order (table alias `t`).
    static let summaryColumns = """
        t.id, t.trace_id, t.name, t.service_name, t.start_time, t.end_time, t.span_count, t.error_count, t.user_id,
        t.thread_id, t.customer_id, t.input_tokens, t.output_tokens, t.cost,
        substr(\(traceInput), 1, \(ValuePreview.storedPrefix)), substr(\(traceOutput), 1, \(ValuePreview.storedPrefix)),
        t.cache_read_tokens, t.cache_creation_tokens, t.reasoning_tokens
        """

    /// A trace's input: the root span's when it has one; otherwise the earliest-starting LLM
    /// span's with an input (what the user asked the model); only when no LLM span has one, the
    /// earliest-starting span's with an input. Ties: the higher span id. Read when asked, from
    /// whatever spans have arrived, so neither arrival order nor batching changes it.
    private static let traceInput = """
        (SELECT s.input FROM spans s WHERE s.trace_key = t.id AND s.input IS NOT NULL
         ORDER BY s.parent_span_id IS NULL DESC, s.type = 'llm' DESC, s.start_time, s.span_id DESC LIMIT 1)
        """

    /// A trace's output: the root span's when it has one; otherwise the latest-ending LLM span's
    /// with an output (the model's answer, not a tool's result that ended after it); only when
    /// no LLM span has one, the latest-ending span's with an output. Ties: the higher span id.
    private static let traceOutput = """
        (SELECT s.output FROM spans s WHERE s.trace_key = t.id AND s.output IS NOT NULL
         ORDER BY s.parent_span_id IS NULL DESC, s.type = 'llm' DESC, s.end_time DESC, s.span_id DESC LIMIT 1)
        """

    /// The summaries of the traces with `keys`, in that order.
    private static func summaries(ofKeys keys: [Int64], in db: Database) throws -> [TraceSummary] {
        guard !keys.isEmpty else { return [] }
        var rows: [Int64: Row] = [:]
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            for row in try Row.fetchAll(db, sql: """
                SELECT \(summaryColumns) FROM traces t WHERE t.id IN (\(databaseQuestionMarks(count: chunk.count)))
                """, arguments: StatementArguments(chunk)) {
                rows[row[0]] = row
            }
        }
        return try summaries(keys.compactMap { rows[$0] }, in: db)
    }

    /// Summaries of rows of ``summaryColumns``, with their labels, metadata and evaluations, in the rows' order.
    private static func summaries(_ rows: [Row], in db: Database) throws -> [TraceSummary] {
        guard !rows.isEmpty else { return [] }
        let keys: [Int64] = rows.map { $0[0] }
        var labels: [Int64: [String]] = [:]
        var metadata: [Int64: [String: JSONValue]] = [:]
        var evaluations: [Int64: [TraceEvaluation]] = [:]
        for start in stride(from: 0, to: keys.count, by: 500) {
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            let placeholders = databaseQuestionMarks(count: chunk.count)
            let arguments = StatementArguments(chunk)
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_key, label FROM trace_labels WHERE trace_key IN (\(placeholders)) ORDER BY label
                """, arguments: arguments) {
                labels[row[0], default: []].append(row[1])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_key, key, value_json FROM trace_metadata WHERE trace_key IN (\(placeholders))
                """, arguments: arguments) {
                let value = (try? JSONValue(parsing: (row[2] as String).utf8)) ?? .null
                metadata[row[0], default: [:]][row[1]] = value
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT trace_key, name, score, label, explanation, span_id, time FROM trace_evaluations
                WHERE trace_key IN (\(placeholders)) ORDER BY time, name, span_id, score, label, explanation
                """, arguments: arguments) {
                evaluations[row[0], default: []].append(TraceEvaluation(
                    name: row[1], score: row[2], label: row[3], explanation: row[4], spanId: row[5],
                    time: SpanRecord.timestamp(row[6])))
            }
        }
        let models = try TraceModels.models(ofKeys: keys, in: db)
        return rows.map { row in
            let key: Int64 = row[0]
            let input = ValuePreview.preview(row[14])
            let output = ValuePreview.preview(row[15])
            return TraceSummary(
                traceId: row[1], name: row[2], serviceName: row[3],
                startTime: SpanRecord.timestamp(row[4]), endTime: SpanRecord.timestamp(row[5]),
                spanCount: row[6], errorCount: row[7], userId: row[8], threadId: row[9], customerId: row[10],
                labels: labels[key] ?? [], metadata: metadata[key] ?? [:], inputTokens: row[11],
                outputTokens: row[12], cost: row[13], input: input.text, inputIsTruncated: input.isTruncated,
                output: output.text, outputIsTruncated: output.isTruncated, models: models[key] ?? [],
                cacheReadTokens: row[16], cacheCreationTokens: row[17], reasoningTokens: row[18],
                evaluations: evaluations[key] ?? [])
        }
    }
}
