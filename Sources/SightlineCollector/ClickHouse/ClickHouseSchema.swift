/// The ClickHouse store's tables, and the migrations that make them.
///
/// The layout follows how ClickHouse-backed tracing platforms keep traces (the OpenTelemetry
/// Collector's `otel_traces`, Laminar's and Langfuse's span and trace tables): spans as rows
/// of a `MergeTree` sorted for time-range scans, with skip indexes for what is looked up by
/// value; trace-level values kept as aggregate states that any number of writers add to.
///
/// - `spans`: every span as received, sorted by hour of start, trace id and span id (a
///   time-range scan reads a contiguous range; one trace's spans sit together within an hour).
///   Bloom filters on the trace id (a trace looked up by id), user, thread and customer, the
///   labels, and the custom metadata's keys and values. Custom metadata is a
///   `Map(String, String)` of JSON texts, with the numeric ones again in `metadata_numbers`.
///   The span's metadata, attributes, events and links as they came, for reading a span back,
///   are in the binary form the SQLite store keeps them in (`CompactValue`): JSON text reads a
///   whole double back as an integer. `trace_labels` (version 2) holds the span's labels that
///   its trace took, within ``CollectorLimits/labelsPerTrace`` (decided at ingest).
/// - `traces`: an `AggregatingMergeTree` by trace id, filled by the materialized view
///   `traces_from_spans` from every insert into `spans`. Each trace-level value is an
///   aggregate state that is the same whatever order its spans arrive in and however they are
///   batched or merged: user, thread and customer are `argMaxIf` by the rank (root, end time,
///   span id), the name by (root, earliest start, span id), labels a union of `trace_labels`, counts
///   `uniqExact` over span ids (a span stored twice counts once). Queries read it with
///   `-Merge` aggregation grouped by trace id: parts not yet merged fold then.
/// - `trace_metadata`: the same for custom metadata, one state per (trace, key).
/// - `patches`: post-hoc patches and pushed evaluations, as received. They are applied when
///   read, on top of every span (the later patch winning), to the traces that arrived before
///   the patch expired: a patch for a trace that has not arrived waits in the table, and no
///   writer has to find and rewrite anything when the trace comes.
/// - `evaluations`: the evaluations read from spans' `gen_ai.evaluation.result` events.
/// - `counters`: a `SummingMergeTree` of counts (spans whose cost stayed unknown).
/// - `sightline_schema`: the versions applied, for later migrations.
///
/// Every table is created `IF NOT EXISTS` and every migration is idempotent, so collectors
/// starting together against an empty database all succeed. Inserts keep a deduplication
/// window (`non_replicated_deduplication_window`; replicated tables have one by default) so a
/// retried batch with the same `insert_deduplication_token` is stored once.
enum ClickHouseSchema {
    /// The newest version this code knows.
    static let currentVersion = 2

    /// How many recent insert blocks a table remembers for deduplication.
    static let deduplicationWindow = 10_000

    /// The rank of a span's identity and metadata values: root first, then the latest end, then span id.
    static let latestEndingRank = "(toUInt8(isNull(parent_span_id)), end_ns, span_id)"
    /// The rank of a span's name: root first, then the earliest start, then span id.
    static let earliestStartingRank = "(toUInt8(isNull(parent_span_id)), bitNot(start_ns), span_id)"
    /// Which span's input a trace shows: the root, then LLM spans, then the earliest start, then the higher span id.
    static let inputRank = "(toUInt8(isNull(parent_span_id)), toUInt8(type = 'llm'), bitNot(start_ns), span_id)"
    /// Which span's output: the root, then LLM spans, then the latest end, then the higher span id.
    static let outputRank = "(toUInt8(isNull(parent_span_id)), toUInt8(type = 'llm'), end_ns, span_id)"

    /// The inserted spans with their ranks as columns: a view's aggregates take the names of
    /// the columns they fold (`min(start_ns) AS start_ns`), so the ranks that read those
    /// columns are computed a level below.
    private static func rankedSpans(_ db: String) -> String {
        """
        (SELECT *, \(latestEndingRank) AS latest_rank, \(earliestStartingRank) AS earliest_rank,
            \(inputRank) AS input_rank, \(outputRank) AS output_rank FROM \(db).spans)
        """
    }

    private static let rankType = "Tuple(UInt8, UInt64, String)"
    private static let contentRankType = "Tuple(UInt8, UInt8, UInt64, String)"

    /// The statements of each version, in order. `db` is the database name (an identifier).
    static func migrations(database db: String) -> [(version: Int, statements: [String])] {
        let window = "non_replicated_deduplication_window = \(deduplicationWindow)"
        return [(1, [
            """
            CREATE TABLE IF NOT EXISTS \(db).spans (
                trace_id String CODEC(ZSTD(1)),
                span_id String CODEC(ZSTD(1)),
                parent_span_id Nullable(String) CODEC(ZSTD(1)),
                name LowCardinality(String),
                kind LowCardinality(Nullable(String)),
                type LowCardinality(String),
                start_ns UInt64 CODEC(Delta, ZSTD(1)),
                end_ns UInt64 CODEC(Delta, ZSTD(1)),
                first_token_ns Nullable(UInt64),
                is_error UInt8,
                status_message Nullable(String) CODEC(ZSTD(1)),
                input Nullable(String) CODEC(ZSTD(3)),
                output Nullable(String) CODEC(ZSTD(3)),
                model LowCardinality(Nullable(String)),
                response_model LowCardinality(Nullable(String)),
                provider LowCardinality(Nullable(String)),
                input_tokens Nullable(Int64),
                output_tokens Nullable(Int64),
                cache_read_tokens Nullable(Int64),
                cache_creation_tokens Nullable(Int64),
                reasoning_tokens Nullable(Int64),
                cost Nullable(Float64),
                cost_computed UInt8,
                user_id Nullable(String),
                thread_id Nullable(String),
                customer_id Nullable(String),
                labels Array(String),
                metadata Map(String, String) CODEC(ZSTD(1)),
                metadata_numbers Map(String, Float64),
                metadata_values String CODEC(ZSTD(3)),
                attributes String CODEC(ZSTD(3)),
                events String CODEC(ZSTD(3)),
                links String CODEC(ZSTD(3)),
                service_name LowCardinality(Nullable(String)),
                ingested_ns UInt64 CODEC(Delta, ZSTD(1)),
                INDEX trace_id_bloom trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
                INDEX user_bloom user_id TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX thread_bloom thread_id TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX customer_bloom customer_id TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX labels_bloom labels TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX metadata_keys_bloom mapKeys(metadata) TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX metadata_values_bloom mapValues(metadata) TYPE bloom_filter(0.01) GRANULARITY 1
            ) ENGINE = MergeTree
            ORDER BY (intDiv(start_ns, 3600000000000), trace_id, span_id)
            SETTINGS \(window)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(db).traces (
                trace_id String,
                first_ingested_ns SimpleAggregateFunction(min, UInt64),
                start_ns SimpleAggregateFunction(min, UInt64),
                end_ns SimpleAggregateFunction(max, UInt64),
                span_ids AggregateFunction(uniqExact, String),
                error_span_ids AggregateFunction(uniqExactIf, String, UInt8),
                name AggregateFunction(argMax, String, \(rankType)),
                service_name AggregateFunction(argMaxIf, String, \(rankType), UInt8),
                user_id AggregateFunction(argMaxIf, String, \(rankType), UInt8),
                thread_id AggregateFunction(argMaxIf, String, \(rankType), UInt8),
                customer_id AggregateFunction(argMaxIf, String, \(rankType), UInt8),
                labels AggregateFunction(groupUniqArrayArray, Array(String)),
                usage AggregateFunction(groupUniqArray, Tuple(String, Nullable(Int64), Nullable(Int64), Nullable(Int64),
                    Nullable(Int64), Nullable(Int64), Nullable(Float64))),
                models AggregateFunction(groupUniqArrayArray, Array(String)),
                span_types AggregateFunction(groupUniqArray, String),
                first_token_ns SimpleAggregateFunction(min, Nullable(UInt64)),
                input AggregateFunction(argMaxIf, String, \(contentRankType), UInt8),
                output AggregateFunction(argMaxIf, String, \(contentRankType), UInt8)
            ) ENGINE = AggregatingMergeTree
            ORDER BY trace_id
            SETTINGS \(window)
            """,
            tracesView(db, labels: "labels"),
            """
            CREATE TABLE IF NOT EXISTS \(db).trace_metadata (
                trace_id String,
                key String,
                end_ns SimpleAggregateFunction(max, UInt64),
                value AggregateFunction(argMax, Tuple(String, Nullable(Float64)), \(rankType))
            ) ENGINE = AggregatingMergeTree
            ORDER BY (trace_id, key)
            SETTINGS \(window)
            """,
            """
            CREATE MATERIALIZED VIEW IF NOT EXISTS \(db).trace_metadata_from_spans TO \(db).trace_metadata AS
            SELECT trace_id, key, max(end_ns) AS end_ns,
                argMaxState((value, if(mapContains(metadata_numbers, key), toNullable(metadata_numbers[key]), NULL)),
                    latest_rank) AS value
            FROM \(rankedSpans(db))
            ARRAY JOIN mapKeys(metadata) AS key, mapValues(metadata) AS value
            GROUP BY trace_id, key
            """,
            """
            CREATE TABLE IF NOT EXISTS \(db).patches (
                trace_id String,
                received_ns UInt64,
                patch_id String,
                expires_ns UInt64,
                is_evaluation UInt8,
                user_id Nullable(String),
                thread_id Nullable(String),
                customer_id Nullable(String),
                has_labels UInt8,
                replaces_labels UInt8,
                labels Array(String),
                metadata Map(String, String),
                metadata_numbers Map(String, Float64),
                evaluation_name String,
                evaluation_score Nullable(Float64),
                evaluation_label Nullable(String),
                evaluation_explanation Nullable(String),
                INDEX user_bloom user_id TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX thread_bloom thread_id TYPE bloom_filter(0.01) GRANULARITY 1,
                INDEX customer_bloom customer_id TYPE bloom_filter(0.01) GRANULARITY 1
            ) ENGINE = ReplacingMergeTree
            ORDER BY (trace_id, received_ns, patch_id)
            SETTINGS \(window)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(db).evaluations (
                trace_id String,
                span_id Nullable(String),
                name String,
                score Nullable(Float64),
                label Nullable(String),
                explanation Nullable(String),
                time_ns UInt64,
                INDEX name_bloom name TYPE bloom_filter(0.01) GRANULARITY 1
            ) ENGINE = MergeTree
            ORDER BY (trace_id, name, time_ns)
            SETTINGS \(window)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(db).counters (
                name LowCardinality(String),
                value Int64
            ) ENGINE = SummingMergeTree
            ORDER BY name
            SETTINGS \(window)
            """,
        ]), (2, [
            // The labels each span adds to its trace, within CollectorLimits.labelsPerTrace (the
            // span keeps all of its own in `labels`): the view folds these instead.
            "ALTER TABLE \(db).spans ADD COLUMN IF NOT EXISTS trace_labels Array(String)",
            "DROP VIEW IF EXISTS \(db).traces_from_spans",
            tracesView(db, labels: "trace_labels"),
        ])]
    }

    /// The materialized view that folds each insert into `spans` into `traces`; `labels` is the
    /// spans' column the trace's labels are folded from.
    private static func tracesView(_ db: String, labels: String) -> String {
        """
        CREATE MATERIALIZED VIEW IF NOT EXISTS \(db).traces_from_spans TO \(db).traces AS
        SELECT trace_id,
            min(ingested_ns) AS first_ingested_ns,
            min(start_ns) AS start_ns,
            max(end_ns) AS end_ns,
            uniqExactState(span_id) AS span_ids,
            uniqExactIfState(span_id, is_error) AS error_span_ids,
            argMaxState(name, earliest_rank) AS name,
            argMaxIfState(ifNull(service_name, ''), earliest_rank, isNotNull(service_name)) AS service_name,
            argMaxIfState(ifNull(user_id, ''), latest_rank, isNotNull(user_id)) AS user_id,
            argMaxIfState(ifNull(thread_id, ''), latest_rank, isNotNull(thread_id)) AS thread_id,
            argMaxIfState(ifNull(customer_id, ''), latest_rank, isNotNull(customer_id)) AS customer_id,
            groupUniqArrayArrayState(\(labels)) AS labels,
            groupUniqArrayState((span_id, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens,
                reasoning_tokens, cost)) AS usage,
            groupUniqArrayArrayState(arrayFilter(m -> m != '', [ifNull(model, ''), ifNull(response_model, '')])) AS models,
            groupUniqArrayState(toString(type)) AS span_types,
            min(first_token_ns) AS first_token_ns,
            argMaxIfState(substringUTF8(ifNull(input, ''), 1, \(ValuePreview.storedPrefix)), input_rank, isNotNull(input)) AS input,
            argMaxIfState(substringUTF8(ifNull(output, ''), 1, \(ValuePreview.storedPrefix)), output_rank, isNotNull(output)) AS output
        FROM \(rankedSpans(db))
        GROUP BY trace_id
        """
    }

    static func versionTable(database db: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(db).sightline_schema (
            version UInt32,
            applied_at DateTime64(3) DEFAULT now64(3)
        ) ENGINE = ReplacingMergeTree
        ORDER BY version
        """
    }

    /// The tables a retention TTL applies to, and the nanosecond column each expires by.
    static let expiringTables = [
        ("spans", "end_ns"), ("traces", "end_ns"), ("trace_metadata", "end_ns"), ("evaluations", "time_ns"),
        ("patches", "received_ns"),
    ]
}
