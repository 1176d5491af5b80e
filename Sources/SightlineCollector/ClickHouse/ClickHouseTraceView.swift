/// The SQL that reads traces as the stores answer them: each trace's aggregate states folded
/// (`-Merge`, grouped by trace id: parts not merged yet fold here, so no `FINAL`), with the
/// patches that apply to it on top.
///
/// A patch applies to a trace that arrived before the patch expired (the same rule as the
/// SQLite store, which drops a pending patch when it expires). A patch row can be stored twice
/// (an insert retried after its reply was lost, past the deduplication window): every read
/// folds it to the same answer without `FINAL`, which cost the reads up to a third at 100,000
/// patches (Benchmarks/RESULTS.md, issue 20). Here the folds are argMax by (received, patch id),
/// labels made distinct and evaluations `DISTINCT`; counts of patches elsewhere count distinct
/// patch ids. The later patch wins (by time received, then patch id); identity and metadata
/// from patches win over every span; a patch that replaces labels drops the spans' labels and
/// every earlier patch's, and later patches add to it, in the order received, while the trace
/// has fewer than ``CollectorLimits/labelsPerTrace`` labels (the spans' labels are held within
/// it at ingest).
enum ClickHouseTraceView {
    /// The columns of ``sql(database:candidates:)``, a row per trace.
    static let columns = """
        trace_id, first_ingested_ns, start_ns, end_ns, span_count, error_count, name, service_name, user_id, thread_id,
        customer_id, labels, models, span_types, input_tokens, output_tokens, cost, cache_read_tokens,
        cache_creation_tokens, reasoning_tokens, input, output, first_token_ns
        """

    /// The traces, one row each with ``columns``. `candidates`, when given, is a query of trace ids
    /// that holds every wanted trace (it narrows what is folded; it may hold others).
    static func sql(database db: String, candidates: String? = nil) -> String {
        let narrowing = candidates.map { "WHERE trace_id IN (\($0))" } ?? ""
        return """
            SELECT
                t.trace_id AS trace_id, t.first_ingested_ns AS first_ingested_ns, t.start_ns AS start_ns,
                t.end_ns AS end_ns, t.span_count AS span_count, t.error_count AS error_count, t.name AS name,
                t.service_name AS service_name,
                if(isNotNull(p.user_id), p.user_id, t.user_id) AS user_id,
                if(isNotNull(p.thread_id), p.thread_id, t.thread_id) AS thread_id,
                if(isNotNull(p.customer_id), p.customer_id, t.customer_id) AS customer_id,
                arraySort(arraySlice(arrayDistinct(arrayConcat(if(p.replaced, p.replacing_labels, t.labels),
                    arrayFlatten(arrayMap(u -> u.3, arraySort(u -> (u.1, u.2),
                        arrayFilter(u -> (u.1, u.2) > p.replaced_at, p.added_labels)))))), 1, \(CollectorLimits.labelsPerTrace))) AS labels,
                t.models AS models, t.span_types AS span_types,
                \(usageSum(2)) AS input_tokens, \(usageSum(3)) AS output_tokens,
                if(arrayExists(u -> isNotNull(u.7) AND isFinite(assumeNotNull(u.7)), t.usage),
                    arraySum(u -> if(isNotNull(u.7) AND isFinite(assumeNotNull(u.7)), assumeNotNull(u.7), 0), t.usage),
                    NULL) AS cost,
                \(usageSum(4)) AS cache_read_tokens, \(usageSum(5)) AS cache_creation_tokens,
                \(usageSum(6)) AS reasoning_tokens,
                t.input AS input, t.output AS output, t.first_token_ns AS first_token_ns
            FROM (
                SELECT trace_id,
                    min(first_ingested_ns) AS first_ingested_ns, min(start_ns) AS start_ns, max(end_ns) AS end_ns,
                    uniqExactMerge(span_ids) AS span_count, uniqExactIfMerge(error_span_ids) AS error_count,
                    argMaxMerge(name) AS name,
                    \(nullable("argMaxIfMerge(service_name)")) AS service_name,
                    \(nullable("argMaxIfMerge(user_id)")) AS user_id,
                    \(nullable("argMaxIfMerge(thread_id)")) AS thread_id,
                    \(nullable("argMaxIfMerge(customer_id)")) AS customer_id,
                    groupUniqArrayArrayMerge(labels) AS labels,
                    arraySort(groupUniqArrayArrayMerge(models)) AS models,
                    groupUniqArrayMerge(span_types) AS span_types,
                    groupUniqArrayMerge(usage) AS usage,
                    min(first_token_ns) AS first_token_ns,
                    \(nullable("argMaxIfMerge(input)")) AS input,
                    \(nullable("argMaxIfMerge(output)")) AS output
                FROM \(db).traces
                \(narrowing)
                GROUP BY trace_id
            ) AS t
            LEFT JOIN (
                SELECT trace_id,
                    argMax(user_id, (received_ns, patch_id)) AS user_id,
                    argMax(thread_id, (received_ns, patch_id)) AS thread_id,
                    argMax(customer_id, (received_ns, patch_id)) AS customer_id,
                    countIf(has_labels AND replaces_labels) > 0 AS replaced,
                    maxIf((received_ns, patch_id), has_labels AND replaces_labels) AS replaced_at,
                    argMaxIf(labels, (received_ns, patch_id), has_labels AND replaces_labels) AS replacing_labels,
                    groupArrayIf((received_ns, patch_id, labels), has_labels AND NOT replaces_labels) AS added_labels
                FROM \(applicablePatches(database: db, evaluations: false, candidates: candidates))
                GROUP BY trace_id
            ) AS p ON t.trace_id = p.trace_id
            """
    }

    /// The patches (or pushed evaluations) that apply to their trace: `patches` rows, with `pt.`
    /// columns, of traces that arrived before the patch expired.
    static func applicablePatches(database db: String, evaluations: Bool, candidates: String? = nil) -> String {
        let narrowing = candidates.map { " AND trace_id IN (\($0))" } ?? ""
        return """
            (SELECT pt.* FROM \(db).patches AS pt
             INNER JOIN (SELECT trace_id, min(first_ingested_ns) AS first_ingested_ns FROM \(db).traces
                         WHERE 1\(narrowing) GROUP BY trace_id) AS arrived
             ON pt.trace_id = arrived.trace_id
             WHERE pt.is_evaluation = \(evaluations ? 1 : 0) AND pt.expires_ns > arrived.first_ingested_ns)
            """
    }

    /// Each (trace, key) custom metadata value: `(json, number)` of the span that ranks highest,
    /// or of the latest patch that sets the key.
    static func metadata(database db: String, candidates: String? = nil) -> String {
        let narrowing = candidates.map { "WHERE trace_id IN (\($0))" } ?? ""
        return """
            (SELECT trace_id, key, argMax(value, priority) AS value FROM (
                SELECT trace_id, key, argMaxMerge(value) AS value, (toUInt8(0), toUInt64(0), '') AS priority
                FROM \(db).trace_metadata \(narrowing) GROUP BY trace_id, key
                UNION ALL
                SELECT trace_id, key,
                    (json, if(mapContains(metadata_numbers, key), toNullable(metadata_numbers[key]), NULL)) AS value,
                    (toUInt8(1), received_ns, patch_id) AS priority
                FROM \(applicablePatches(database: db, evaluations: false, candidates: candidates))
                ARRAY JOIN mapKeys(metadata) AS key, mapValues(metadata) AS json
            ) GROUP BY trace_id, key)
            """
    }

    /// Every evaluation of each trace: its spans' and those pushed that apply, once each.
    static func evaluations(database db: String, candidates: String? = nil) -> String {
        let narrowing = candidates.map { "WHERE trace_id IN (\($0))" } ?? ""
        return """
            (SELECT DISTINCT trace_id, name, score, label, explanation, span_id, time_ns FROM (
                SELECT trace_id, name, score, label, explanation, span_id, time_ns FROM \(db).evaluations \(narrowing)
                UNION ALL
                SELECT trace_id, evaluation_name AS name, evaluation_score AS score, evaluation_label AS label,
                    evaluation_explanation AS explanation, CAST(NULL AS Nullable(String)) AS span_id, received_ns AS time_ns
                FROM \(applicablePatches(database: db, evaluations: true, candidates: candidates))))
            """
    }

    /// The sum of a usage tuple's element `index` over the trace's spans; NULL when none reported it.
    private static func usageSum(_ index: Int) -> String {
        "if(arrayExists(u -> isNotNull(u.\(index)), t.usage), arraySum(u -> ifNull(u.\(index), 0), t.usage), NULL)"
    }

    /// An `-If` state's value, NULL when no span had one (it folds to the type's default).
    private static func nullable(_ merge: String) -> String {
        "nullIf(\(merge), '')"
    }
}
