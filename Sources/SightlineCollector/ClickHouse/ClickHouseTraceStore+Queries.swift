import Foundation
import Sightline

/// The read side of ``ClickHouseTraceStore``: the questions ``TraceStore`` answers, in the
/// same order and form, over the folded trace rows of ``ClickHouseTraceView``.
extension ClickHouseTraceStore {
    public func traces(_ filter: TraceFilter) throws -> [TraceSummary] {
        try StoreInputCheck.filter(filter)
        var parameters = ClickHouseParameters()
        let db = address.database
        let candidates = candidateCondition(of: filter, &parameters)
        var conditions: [String] = []
        if let user = filter.userId { conditions.append("user_id = \(parameters.bind(user))") }
        if let thread = filter.threadId { conditions.append("thread_id = \(parameters.bind(thread))") }
        if let customer = filter.customerId { conditions.append("customer_id = \(parameters.bind(customer))") }
        if let label = filter.label { conditions.append("has(labels, \(parameters.bind(label)))") }
        for condition in filter.metadata {
            conditions.append("trace_id IN (SELECT trace_id FROM \(ClickHouseTraceView.metadata(database: db, candidates: candidates)) "
                              + "WHERE \(metadataPredicate(condition, &parameters)))")
        }
        for condition in filter.evaluations {
            conditions.append("trace_id IN (SELECT trace_id FROM \(ClickHouseTraceView.evaluations(database: db, candidates: candidates)) "
                              + "WHERE \(evaluationPredicate(condition, &parameters)))")
        }
        if let since = filter.since { conditions.append("start_ns >= \(parameters.bind(since.nanosecondsSinceEpoch))") }
        if filter.errorsOnly { conditions.append("error_count > 0") }
        if let service = filter.serviceName { conditions.append("service_name = \(parameters.bind(service))") }
        if let minimum = filter.minimumDuration {
            conditions.append("end_ns >= start_ns AND end_ns - start_ns >= \(parameters.bind(TraceStore.nanoseconds(minimum)))")
        }
        if let maximum = filter.maximumDuration {
            conditions.append("(end_ns < start_ns OR end_ns - start_ns <= \(parameters.bind(TraceStore.nanoseconds(maximum))))")
        }
        if let minimum = filter.minimumCost { conditions.append("cost >= \(parameters.bind(minimum))") }
        if let maximum = filter.maximumCost { conditions.append("cost <= \(parameters.bind(maximum))") }
        if let model = filter.model { conditions.append("has(models, \(parameters.bind(model)))") }
        if let type = filter.spanType { conditions.append("has(span_types, \(parameters.bind(type.rawValue)))") }
        if let text = filter.text, !text.isEmpty {
            let needle = parameters.bind(text)
            conditions.append("""
                trace_id IN (SELECT trace_id FROM \(db).spans
                    WHERE positionCaseInsensitive(input, \(needle)) > 0 OR positionCaseInsensitive(output, \(needle)) > 0)
                """)
        }
        let order = "(start_ns, first_ingested_ns, trace_id)"
        for (cursor, comparison) in [(filter.before, "<"), (filter.after, ">")] {
            guard let cursor else { continue }
            let id = parameters.bind(TraceIdentifier.canonical(cursor))
            let cursorOrder = "(SELECT (min(start_ns), min(first_ingested_ns), trace_id) FROM \(db).traces "
                + "WHERE trace_id = \(id) GROUP BY trace_id)"
            conditions.append("\(order) \(comparison) \(cursorOrder)")
            conditions.append("(SELECT count() FROM \(db).traces WHERE trace_id = \(id)) > 0")
        }
        let limit = min(max(filter.limit, 1), TraceQueries.maximumLimit)
        let sql = """
            SELECT \(summaryColumns) FROM (\(ClickHouseTraceView.sql(database: db, candidates: candidates)))
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY start_ns DESC, first_ingested_ns DESC, trace_id DESC
            LIMIT \(limit)
            FORMAT RowBinary
            """
        return try summaries(sql, parameters)
    }

    public func trace(id: String, spanOffset: Int = 0, spanLimit: Int = .max) throws -> TraceDetail? {
        try StoreInputCheck.identifier(id, as: "the trace id")
        let traceId = TraceIdentifier.canonical(id)
        var parameters = ClickHouseParameters()
        let db = address.database
        let bound = parameters.bind(traceId)
        let candidates = "SELECT \(bound)"
        guard let summary = try summaries("""
            SELECT \(summaryColumns) FROM (\(ClickHouseTraceView.sql(database: db, candidates: candidates))) FORMAT RowBinary
            """, parameters).first else { return nil }
        let spans = try self.spans(where: "trace_id = \(bound)", parameters)
        let ordered = SpanTree.order(spans)
        let start = min(max(spanOffset, 0), ordered.count)
        let end = start + min(max(spanLimit, 0), ordered.count - start)
        return TraceDetail(summary: summary, spans: ordered[start..<end].map { TraceSpanNode(depth: $0.depth, span: $0.span) },
                           spanOffset: start, nextSpanOffset: end < ordered.count ? end : nil)
    }

    public func span(traceId: String, spanId: String) throws -> CollectedSpan? {
        var parameters = ClickHouseParameters()
        let condition = "trace_id = \(parameters.bind(TraceIdentifier.canonical(traceId))) AND span_id = \(parameters.bind(spanId))"
        return try spans(where: condition, parameters).first
    }

    public func thread(id: String) throws -> [ConversationTurn] {
        try StoreInputCheck.identifier(id, as: "the thread id")
        var parameters = ClickHouseParameters()
        let db = address.database
        let thread = parameters.bind(id)
        let candidates = """
            SELECT trace_id FROM \(db).spans WHERE thread_id = \(thread)
            UNION ALL SELECT trace_id FROM \(db).patches WHERE thread_id = \(thread)
            """
        var rows = RowBinaryReader(try connection.execute("""
            SELECT trace_id, start_ns, end_ns, user_id, input, output, error_count, input_tokens, output_tokens, cost,
                first_token_ns
            FROM (\(ClickHouseTraceView.sql(database: db, candidates: candidates)))
            WHERE thread_id = \(thread)
            ORDER BY start_ns, trace_id
            FORMAT RowBinary
            """, parameters: parameters.values))
        var turns: [ConversationTurn] = []
        while !rows.isAtEnd {
            let traceId = try rows.string()
            let start = try rows.uint64()
            let end = try rows.uint64()
            let user = try rows.nullableString()
            let input = ConversationTurn.bounded(try rows.nullableString().map(ContentText.readable))
            let output = ConversationTurn.bounded(try rows.nullableString().map(ContentText.readable))
            let errors = try rows.uint64()
            let inputTokens = try rows.nullableInt()
            let outputTokens = try rows.nullableInt()
            let cost = try rows.nullableFloat64()
            let firstToken = try rows.nullableUInt64()
            turns.append(ConversationTurn(
                traceId: traceId, startTime: Timestamp(nanosecondsSinceEpoch: start), endTime: Timestamp(nanosecondsSinceEpoch: end),
                userId: user, input: input.text, inputIsTruncated: input.isTruncated, output: output.text,
                outputIsTruncated: output.isTruncated, isError: errors > 0, inputTokens: inputTokens, outputTokens: outputTokens,
                cost: cost, firstTokenTime: firstToken.map(Timestamp.init(nanosecondsSinceEpoch:))))
        }
        return turns
    }

    public func users() throws -> [UserSummary] {
        var rows = RowBinaryReader(try connection.execute("""
            SELECT assumeNotNull(user_id) AS user, toUInt64(count()), toUInt64(uniqExactIf(thread_id, isNotNull(thread_id))),
                sum(ifNull(input_tokens, 0)), sum(ifNull(output_tokens, 0)), sum(ifNull(cost, 0)),
                toUInt64(countIf(error_count > 0)), max(end_ns) AS last_seen
            FROM (\(ClickHouseTraceView.sql(database: address.database)))
            WHERE isNotNull(user_id)
            GROUP BY user
            ORDER BY last_seen DESC, user
            FORMAT RowBinary
            """))
        var users: [UserSummary] = []
        while !rows.isAtEnd {
            users.append(UserSummary(
                userId: try rows.string(), traceCount: Int(try rows.uint64()), threadCount: Int(try rows.uint64()),
                inputTokens: Int(truncatingIfNeeded: try rows.int64()), outputTokens: Int(truncatingIfNeeded: try rows.int64()),
                cost: try rows.float64(), errorTraceCount: Int(try rows.uint64()),
                lastSeen: Timestamp(nanosecondsSinceEpoch: try rows.uint64())))
        }
        return users
    }

    public func statistics() throws -> StoreStatistics {
        let db = address.database
        var parameters = ClickHouseParameters()
        let now = parameters.bind(clock().nanosecondsSinceEpoch)
        var rows = RowBinaryReader(try connection.execute("""
            SELECT
                toUInt64(ifNull((SELECT uniqExact(trace_id) FROM \(db).traces), 0)),
                toUInt64(ifNull((SELECT uniqExact(trace_id, span_id) FROM \(db).spans), 0)),
                toUInt64(uniqExactIf(patch_id, arrived = 0 AND expires_ns > \(now))),
                toUInt64(uniqExactIf(patch_id, (arrived = 0 OR arrived >= expires_ns) AND expires_ns <= \(now))),
                toInt64(ifNull((SELECT sum(value) FROM \(db).counters WHERE name = 'costs_unknown_model'), 0))
            FROM (
                SELECT pt.patch_id AS patch_id, pt.expires_ns AS expires_ns, ifNull(arrived.first_ingested_ns, 0) AS arrived
                FROM \(db).patches AS pt
                LEFT JOIN (SELECT trace_id, min(first_ingested_ns) AS first_ingested_ns FROM \(db).traces GROUP BY trace_id) AS arrived
                ON pt.trace_id = arrived.trace_id
            )
            FORMAT RowBinary
            """, parameters: parameters.values))
        return StoreStatistics(traceCount: Int(try rows.uint64()), spanCount: Int(try rows.uint64()),
                               pendingPatches: Int(try rows.uint64()), expiredPendingPatches: Int(try rows.uint64()),
                               costsUnknownModel: Int(try rows.int64()))
    }

    /// As ``TraceStore/overview(from:to:intervals:)``: totals per interval over the traces that
    /// started in the range, and each model's LLM span latencies (nearest-rank percentiles of the
    /// newest traces' spans, at most `OverviewQueries/latencySampleLimit`).
    public func overview(from: Timestamp, to: Timestamp, intervals count: Int) throws -> Overview {
        let db = address.database
        let start = Int64(clamping: from.nanosecondsSinceEpoch)
        let end = max(Int64(clamping: to.nanosecondsSinceEpoch), start + 1)
        let count = min(max(count, 1), 1_000)
        let width = max((end - start + Int64(count) - 1) / Int64(count), 1)
        var intervals = (0..<count).map {
            Overview.Interval(start: Timestamp(nanosecondsSinceEpoch: UInt64(start + Int64($0) * width)))
        }
        var parameters = ClickHouseParameters()
        let lower = parameters.bind(UInt64(start))
        let upper = parameters.bind(UInt64(end))
        let step = parameters.bind(UInt64(width))
        let inRange = "SELECT trace_id FROM \(db).spans WHERE start_ns < \(upper)"
        var rows = RowBinaryReader(try connection.execute("""
            SELECT intDiv(start_ns - \(lower), \(step)) AS slot, toUInt64(count()), toUInt64(countIf(error_count > 0)),
                sum(ifNull(input_tokens, 0) + ifNull(output_tokens, 0)), sum(ifNull(cost, 0))
            FROM (\(ClickHouseTraceView.sql(database: db, candidates: inRange)))
            WHERE start_ns >= \(lower) AND start_ns < \(upper)
            GROUP BY slot
            FORMAT RowBinary
            """, parameters: parameters.values))
        while !rows.isAtEnd {
            let index = Int(try rows.uint64())
            let traces = Int(try rows.uint64())
            let errors = Int(try rows.uint64())
            let tokens = Int(truncatingIfNeeded: try rows.int64())
            let cost = try rows.float64()
            guard intervals.indices.contains(index) else { continue }
            intervals[index].traces = traces
            intervals[index].errors = errors
            intervals[index].tokens = tokens
            intervals[index].cost = cost
        }
        rows = RowBinaryReader(try connection.execute("""
            SELECT assumeNotNull(coalesce(s.response_model, s.model)) AS model,
                if(s.end_ns > s.start_ns, s.end_ns - s.start_ns, 0),
                if(isNull(s.first_token_ns), NULL, toNullable(if(assumeNotNull(s.first_token_ns) > s.start_ns,
                    assumeNotNull(s.first_token_ns) - s.start_ns, 0)))
            FROM (SELECT * FROM \(db).spans WHERE trace_id IN (\(inRange)) LIMIT 1 BY trace_id, span_id) AS s
            INNER JOIN (SELECT trace_id, min(start_ns) AS trace_start FROM \(db).traces WHERE trace_id IN (\(inRange)) GROUP BY trace_id
                        HAVING trace_start >= \(lower) AND trace_start < \(upper)) AS t ON s.trace_id = t.trace_id
            WHERE s.type = 'llm' AND isNotNull(coalesce(s.response_model, s.model))
            ORDER BY t.trace_start DESC
            LIMIT \(OverviewQueries.latencySampleLimit)
            FORMAT RowBinary
            """, parameters: parameters.values))
        var durations: [String: [Int64]] = [:]
        var firstTokens: [String: [Int64]] = [:]
        while !rows.isAtEnd {
            let model = try rows.string()
            durations[model, default: []].append(Int64(clamping: try rows.uint64()))
            if let firstToken = try rows.nullableUInt64() { firstTokens[model, default: []].append(Int64(clamping: firstToken)) }
        }
        let latency = durations.keys.sorted().map { model in
            let sorted = durations[model]!.sorted()
            let streamed = (firstTokens[model] ?? []).sorted()
            return Overview.ModelLatency(
                model: model, calls: sorted.count, p50Nanoseconds: OverviewQueries.percentile(0.5, of: sorted),
                p95Nanoseconds: OverviewQueries.percentile(0.95, of: sorted), streamedCalls: streamed.count,
                timeToFirstTokenP50Nanoseconds: streamed.isEmpty ? nil : OverviewQueries.percentile(0.5, of: streamed),
                timeToFirstTokenP95Nanoseconds: streamed.isEmpty ? nil : OverviewQueries.percentile(0.95, of: streamed))
        }
        return Overview(from: Timestamp(nanosecondsSinceEpoch: UInt64(start)), to: Timestamp(nanosecondsSinceEpoch: UInt64(end)),
                        intervalNanoseconds: UInt64(width), intervals: intervals, latency: latency)
    }

    // MARK: Rows

    /// A query of trace ids that holds every trace the filter wants, read through the spans'
    /// (and patches') skip indexes, so that only those traces are folded; nil when the filter
    /// names no user, thread, customer, label or metadata key.
    private func candidateCondition(of filter: TraceFilter, _ parameters: inout ClickHouseParameters) -> String? {
        let db = address.database
        var sources: [(spans: String, patches: String)] = []
        if let user = filter.userId {
            let value = parameters.bind(user)
            sources.append(("user_id = \(value)", "user_id = \(value)"))
        } else if let thread = filter.threadId {
            let value = parameters.bind(thread)
            sources.append(("thread_id = \(value)", "thread_id = \(value)"))
        } else if let customer = filter.customerId {
            let value = parameters.bind(customer)
            sources.append(("customer_id = \(value)", "customer_id = \(value)"))
        } else if let label = filter.label {
            let value = parameters.bind(label)
            sources.append(("has(labels, \(value))", "has(labels, \(value))"))
        } else if let condition = filter.metadata.first {
            let value = parameters.bind(condition.key)
            sources.append(("mapContains(metadata, \(value))", "mapContains(metadata, \(value))"))
        }
        guard let source = sources.first else { return nil }
        return """
            SELECT trace_id FROM \(db).spans WHERE \(source.spans)
            UNION ALL SELECT trace_id FROM \(db).patches WHERE \(source.patches)
            """
    }

    /// The condition of `condition` on a `(json, number)` metadata `value`: numbers against the
    /// number, anything else against the text a value is searched by (see `MetadataColumns`).
    private func metadataPredicate(_ condition: MetadataCondition, _ parameters: inout ClickHouseParameters) -> String {
        let key = "key = \(parameters.bind(condition.key))"
        if let number = MetadataColumns.number(condition.value) {
            return "\(key) AND isNotNull(value.2) AND assumeNotNull(value.2) \(condition.comparison.rawValue) \(parameters.bind(number))"
        }
        let text = MetadataColumns.text(condition.value) ?? ""
        // A string value is searched as itself, any other value as its JSON text.
        return """
            \(key) AND isNull(value.2) AND (value.1 = \(parameters.bind(JSONValue.string(text).jsonString))
                OR (NOT startsWith(value.1, '"') AND value.1 = \(parameters.bind(text))))
            """
    }

    private func evaluationPredicate(_ condition: EvaluationCondition, _ parameters: inout ClickHouseParameters) -> String {
        let comparison = condition.comparison == .notEqual ? "!=" : condition.comparison.rawValue
        switch condition.value {
        case .score(let score): return "name = \(parameters.bind(condition.name)) AND score \(comparison) \(parameters.bind(score))"
        case .label(let label): return "name = \(parameters.bind(condition.name)) AND label \(comparison) \(parameters.bind(label))"
        }
    }

    /// The columns ``summaries(_:_:)`` reads, in its order.
    private var summaryColumns: String {
        """
        trace_id, name, service_name, start_ns, end_ns, span_count, error_count, user_id, thread_id, customer_id, labels,
        input_tokens, output_tokens, cost, input, output, models, cache_read_tokens, cache_creation_tokens, reasoning_tokens
        """
    }

    /// Trace summaries from rows of ``summaryColumns``, with their metadata and evaluations, in the rows' order.
    private func summaries(_ sql: String, _ parameters: ClickHouseParameters) throws -> [TraceSummary] {
        var rows = RowBinaryReader(try connection.execute(sql, parameters: parameters.values))
        var summaries: [TraceSummary] = []
        while !rows.isAtEnd {
            let traceId = try rows.string()
            let name = try rows.string()
            let service = try rows.nullableString()
            let start = Timestamp(nanosecondsSinceEpoch: try rows.uint64())
            let end = Timestamp(nanosecondsSinceEpoch: try rows.uint64())
            let spanCount = Int(try rows.uint64())
            let errorCount = Int(try rows.uint64())
            let user = try rows.nullableString()
            let thread = try rows.nullableString()
            let customer = try rows.nullableString()
            let labels = try rows.strings()
            let inputTokens = try rows.nullableInt()
            let outputTokens = try rows.nullableInt()
            let cost = try rows.nullableFloat64()
            let input = ValuePreview.preview(try rows.nullableString())
            let output = ValuePreview.preview(try rows.nullableString())
            let models = try rows.strings()
            summaries.append(TraceSummary(
                traceId: traceId, name: name, serviceName: service, startTime: start, endTime: end, spanCount: spanCount,
                errorCount: errorCount, userId: user, threadId: thread, customerId: customer, labels: labels,
                inputTokens: inputTokens, outputTokens: outputTokens, cost: cost, input: input.text,
                inputIsTruncated: input.isTruncated, output: output.text, outputIsTruncated: output.isTruncated,
                models: models, cacheReadTokens: try rows.nullableInt(), cacheCreationTokens: try rows.nullableInt(),
                reasoningTokens: try rows.nullableInt()))
        }
        guard !summaries.isEmpty else { return [] }
        let (metadata, evaluations) = try details(of: summaries.map(\.traceId))
        for index in summaries.indices {
            summaries[index].metadata = metadata[summaries[index].traceId] ?? [:]
            summaries[index].evaluations = evaluations[summaries[index].traceId] ?? []
        }
        return summaries
    }

    /// The merged custom metadata and the evaluations of the traces `ids`.
    private func details(of ids: [String]) throws -> (metadata: [String: [String: JSONValue]], evaluations: [String: [TraceEvaluation]]) {
        let db = address.database
        var parameters = ClickHouseParameters()
        let candidates = "SELECT arrayJoin(\(parameters.bind(ids)))"
        var metadata: [String: [String: JSONValue]] = [:]
        var rows = RowBinaryReader(try connection.execute("""
            SELECT trace_id, key, value.1 FROM \(ClickHouseTraceView.metadata(database: db, candidates: candidates)) FORMAT RowBinary
            """, parameters: parameters.values))
        while !rows.isAtEnd {
            let traceId = try rows.string()
            let key = try rows.string()
            let json = try rows.string()
            metadata[traceId, default: [:]][key] = (try? JSONValue(parsing: Array(json.utf8))) ?? .null
        }
        var evaluations: [String: [TraceEvaluation]] = [:]
        rows = RowBinaryReader(try connection.execute("""
            SELECT trace_id, name, score, label, explanation, span_id, time_ns
            FROM \(ClickHouseTraceView.evaluations(database: db, candidates: candidates))
            ORDER BY time_ns, name, span_id NULLS FIRST, score NULLS FIRST, label NULLS FIRST, explanation NULLS FIRST
            FORMAT RowBinary
            """, parameters: parameters.values))
        while !rows.isAtEnd {
            let traceId = try rows.string()
            evaluations[traceId, default: []].append(TraceEvaluation(
                name: try rows.string(), score: try rows.nullableFloat64(), label: try rows.nullableString(),
                explanation: try rows.nullableString(), spanId: try rows.nullableString(),
                time: Timestamp(nanosecondsSinceEpoch: try rows.uint64())))
        }
        return (metadata, evaluations)
    }

    /// The spans that meet `condition`, each once.
    private func spans(where condition: String, _ parameters: ClickHouseParameters) throws -> [CollectedSpan] {
        var rows = RowBinaryReader(try connection.execute("""
            SELECT trace_id, span_id, parent_span_id, name, kind, type, start_ns, end_ns, first_token_ns, is_error,
                status_message, input, output, model, response_model, provider, input_tokens, output_tokens,
                cache_read_tokens, cache_creation_tokens, reasoning_tokens, cost, cost_computed, user_id, thread_id,
                customer_id, labels, metadata_values, attributes, events, links, service_name
            FROM \(address.database).spans
            WHERE \(condition)
            LIMIT 1 BY trace_id, span_id
            FORMAT RowBinary
            """, parameters: parameters.values))
        var spans: [CollectedSpan] = []
        while !rows.isAtEnd {
            var span = CollectedSpan(traceId: try rows.string(), spanId: try rows.string(), parentSpanId: try rows.nullableString(),
                                     name: try rows.string(), kind: try rows.nullableString(),
                                     type: SpanType(rawValue: try rows.string()) ?? .span,
                                     startTime: Timestamp(nanosecondsSinceEpoch: try rows.uint64()),
                                     endTime: Timestamp(nanosecondsSinceEpoch: try rows.uint64()))
            span.firstTokenTime = try rows.nullableUInt64().map(Timestamp.init(nanosecondsSinceEpoch:))
            span.isError = try rows.bool()
            span.statusMessage = try rows.nullableString()
            span.input = try rows.nullableString()
            span.output = try rows.nullableString()
            span.model = try rows.nullableString()
            span.responseModel = try rows.nullableString()
            span.provider = try rows.nullableString()
            span.inputTokens = try rows.nullableInt()
            span.outputTokens = try rows.nullableInt()
            span.cacheReadTokens = try rows.nullableInt()
            span.cacheCreationTokens = try rows.nullableInt()
            span.reasoningTokens = try rows.nullableInt()
            span.cost = try rows.nullableFloat64()
            span.costComputed = try rows.bool()
            span.userId = try rows.nullableString()
            span.threadId = try rows.nullableString()
            span.customerId = try rows.nullableString()
            span.labels = try rows.strings()
            span.metadata = SpanRecord.object(CompactValue.value(Data(try rows.binary())))
            span.attributes = SpanRecord.object(CompactValue.value(Data(try rows.binary())))
            span.events = SpanRecord.events(CompactValue.value(Data(try rows.binary())))
            span.links = SpanRecord.links(CompactValue.value(Data(try rows.binary())))
            span.serviceName = try rows.nullableString()
            spans.append(span)
        }
        return spans
    }
}
