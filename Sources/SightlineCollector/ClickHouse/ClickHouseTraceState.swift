/// What the store holds of the traces an ingest call writes to, read in one query before the
/// insert: which traces and spans are stored, the labels and the evaluation count each trace has
/// (for ``CollectorLimits/labelsPerTrace`` and ``CollectorLimits/evaluationsPerTrace``), and the
/// patches that wait for the traces not stored yet. With it the ``IngestSummary`` counts what the
/// SQLite store counts.
///
/// Two collectors writing the same new trace at the same moment both see it absent: each then
/// counts it new and keeps up to the limits on its own, so the limits hold per collector.
package struct ClickHouseTraceState {
    struct Trace {
        var isStored = false
        var labels: Set<String> = []
        var evaluationCount = 0
        var spanIds: Set<String> = []
        /// Whether a patch replaced the trace's labels: spans' labels no longer count.
        var labelsReplaced = false
        /// The patches and pushed evaluations that wait for the trace (not stored yet), oldest first.
        var waitingPatches: [WaitingPatch] = []
    }

    /// What of a waiting patch counts against the per-trace limits when its trace arrives.
    struct WaitingPatch {
        var isEvaluation: Bool
        var labels: [String]?
        var replacesLabels: Bool
    }

    private(set) var traces: [String: Trace] = [:]

    /// Reads the state of `traceIds` (canonical); `now` decides which waiting patches have expired.
    package init(of traceIds: [String], database db: String, now: UInt64, connection: ClickHouseConnection) throws {
        guard !traceIds.isEmpty else { return }
        var parameters = ClickHouseParameters()
        let ids = parameters.bind(traceIds)
        let candidates = "SELECT arrayJoin(\(ids))"
        let reply = try connection.execute("""
            SELECT ids.id, v.trace_id != '', v.labels, e.evaluations, s.span_ids, r.replaced,
                arraySort(w -> (w.1, w.2), p.waiting)
            FROM (SELECT arrayJoin(\(ids)) AS id) AS ids
            LEFT JOIN (SELECT trace_id, labels FROM (\(ClickHouseTraceView.sql(database: db, candidates: candidates)))) AS v
                ON ids.id = v.trace_id
            LEFT JOIN (SELECT trace_id, toUInt64(count()) AS evaluations
                       FROM \(ClickHouseTraceView.evaluations(database: db, candidates: candidates)) GROUP BY trace_id) AS e
                ON ids.id = e.trace_id
            LEFT JOIN (SELECT trace_id, groupUniqArray(span_id) AS span_ids FROM \(db).spans
                       WHERE trace_id IN (\(candidates)) GROUP BY trace_id) AS s
                ON ids.id = s.trace_id
            LEFT JOIN (SELECT trace_id, countIf(has_labels AND replaces_labels) > 0 AS replaced
                       FROM \(ClickHouseTraceView.applicablePatches(database: db, evaluations: false, candidates: candidates))
                       GROUP BY trace_id) AS r
                ON ids.id = r.trace_id
            LEFT JOIN (SELECT trace_id,
                           groupUniqArray((received_ns, patch_id, is_evaluation, has_labels, replaces_labels, labels)) AS waiting
                       FROM \(db).patches
                       WHERE trace_id IN (\(candidates)) AND expires_ns > \(parameters.bind(now)) GROUP BY trace_id) AS p
                ON ids.id = p.trace_id
            SETTINGS join_use_nulls = 0
            FORMAT RowBinary
            """, parameters: parameters.values, isPartOfWrite: true)
        var rows = RowBinaryReader(reply)
        while !rows.isAtEnd {
            let id = try rows.string()
            var trace = Trace()
            trace.isStored = try rows.bool()
            trace.labels = Set(try rows.strings())
            trace.evaluationCount = Int(try rows.uint64())
            trace.spanIds = Set(try rows.strings())
            trace.labelsReplaced = try rows.bool()
            for _ in 0..<(try rows.length()) {
                _ = try rows.uint64()
                _ = try rows.string()
                let isEvaluation = try rows.bool()
                let hasLabels = try rows.bool()
                let replacesLabels = try rows.bool()
                let labels = try rows.strings()
                trace.waitingPatches.append(WaitingPatch(isEvaluation: isEvaluation, labels: hasLabels ? labels : nil,
                                                         replacesLabels: replacesLabels))
            }
            traces[id] = trace
        }
    }

    subscript(traceId: String) -> Trace {
        get { traces[traceId] ?? Trace() }
        set { traces[traceId] = newValue }
    }
}
