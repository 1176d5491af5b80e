import GRDB

/// The collector's SQLite schema.
///
/// - `traces`: one row per trace with its totals and merged values. Each trace-level field keeps
///   the ``MergeRank`` of the value it holds, so a later candidate replaces it only when it ranks
///   higher. Other tables refer to a trace by its integer `id`, which grows with arrival: their
///   keys then grow too, so a batch appends to their B-trees instead of writing pages all over them.
/// - `spans`: every span as received; lists and maps as ``CompactValue`` BLOBs (JSON text in
///   rows an earlier version wrote, still read).
/// - `trace_labels`, `trace_metadata`: the merged labels and custom metadata, one row per value,
///   indexed for filtering. Each row repeats its trace's start time so that a filter reads the
///   newest matching traces straight off an index, without sorting every match. A metadata value
///   is indexed either as a number (numbers and numeric strings) or as text (everything else).
/// - `users`: each user's totals over their traces, and `user_threads`: the distinct (user,
///   thread) pairs among the traces; both kept in step with `traces` at ingest (``UserTotals``),
///   so that `users` reads 10,000 rows rather than aggregating every trace.
/// - The filter indexes (user, thread, customer, label, metadata) hold only the rows with
///   `indexed = 1`: new traces join them a few thousand at a time (``DeferredIndexing``).
/// - `trace_evaluations`: the evaluations of each trace, one row per `gen_ai.evaluation.result`
///   event of its spans and per evaluation pushed afterwards. Indexed by trace and name (an
///   `--eval` condition checked trace by trace), and by name and score and name and label (the
///   few traces a rare condition matches, found directly; see ``EvaluationCondition``). Every row
///   is in these indexes from its first commit: evaluations are few beside spans, so they do
///   without ``DeferredIndexing``.
/// - `pending_patches`: post-hoc patches and evaluations for traces that have not arrived, until
///   they expire (an evaluation's row has `evaluation` set and an empty `patch`).
/// - `counters`: the patch sequence, the number of expired patches, the indexing watermark and
///   the number of spans whose cost stayed unknown (tokens, but a model with no price).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE traces (
                    id INTEGER PRIMARY KEY,
                    trace_id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    name_rank TEXT NOT NULL,
                    root_span_id TEXT,
                    service_name TEXT,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER NOT NULL,
                    span_count INTEGER NOT NULL,
                    error_count INTEGER NOT NULL,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    cost REAL,
                    user_id TEXT,
                    user_rank TEXT,
                    thread_id TEXT,
                    thread_rank TEXT,
                    customer_id TEXT,
                    customer_rank TEXT,
                    labels_replaced INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX traces_by_start ON traces (start_time);
                CREATE INDEX traces_by_user ON traces (user_id, start_time, end_time, thread_id, error_count,
                    input_tokens, output_tokens, cost) WHERE user_id IS NOT NULL;
                CREATE INDEX traces_by_thread ON traces (thread_id, start_time) WHERE thread_id IS NOT NULL;
                CREATE INDEX traces_by_customer ON traces (customer_id, start_time) WHERE customer_id IS NOT NULL;

                CREATE TABLE spans (
                    trace_key INTEGER NOT NULL,
                    span_id TEXT NOT NULL,
                    parent_span_id TEXT,
                    name TEXT NOT NULL,
                    kind TEXT,
                    type TEXT NOT NULL,
                    start_time INTEGER NOT NULL,
                    end_time INTEGER NOT NULL,
                    first_token_time INTEGER,
                    is_error INTEGER NOT NULL,
                    status_message TEXT,
                    input TEXT,
                    output TEXT,
                    model TEXT,
                    response_model TEXT,
                    provider TEXT,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    cost REAL,
                    user_id TEXT,
                    thread_id TEXT,
                    customer_id TEXT,
                    labels TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    attributes TEXT NOT NULL,
                    events TEXT NOT NULL,
                    service_name TEXT,
                    UNIQUE (trace_key, span_id)
                );

                CREATE TABLE trace_labels (
                    trace_key INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    start_time INTEGER NOT NULL,
                    PRIMARY KEY (trace_key, label)
                ) WITHOUT ROWID;
                CREATE INDEX trace_labels_by_label ON trace_labels (label, start_time);

                CREATE TABLE trace_metadata (
                    trace_key INTEGER NOT NULL,
                    key TEXT NOT NULL,
                    value_json TEXT NOT NULL,
                    value_text TEXT,
                    value_number REAL,
                    rank TEXT NOT NULL,
                    start_time INTEGER NOT NULL,
                    PRIMARY KEY (trace_key, key)
                ) WITHOUT ROWID;
                CREATE INDEX trace_metadata_by_text ON trace_metadata (key, value_text, start_time)
                    WHERE value_text IS NOT NULL;
                CREATE INDEX trace_metadata_by_number ON trace_metadata (key, value_number, start_time)
                    WHERE value_number IS NOT NULL;

                CREATE TABLE pending_patches (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    trace_id TEXT NOT NULL,
                    patch TEXT NOT NULL,
                    replaces_labels INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX pending_patches_by_trace ON pending_patches (trace_id);
                CREATE INDEX pending_patches_by_expiry ON pending_patches (expires_at);

                CREATE TABLE counters (
                    name TEXT NOT NULL PRIMARY KEY,
                    value INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO counters (name, value) VALUES ('patch_sequence', 0), ('expired_patches', 0);
                """)
        }
        migrator.registerMigration("v2") { db in
            // Per-user totals kept at ingest (see UserTotals), filled from the traces already
            // stored. The user index no longer needs the totals among its columns.
            try db.execute(sql: """
                CREATE TABLE users (
                    user_id TEXT NOT NULL PRIMARY KEY,
                    trace_count INTEGER NOT NULL,
                    thread_count INTEGER NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cost REAL,
                    error_trace_count INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE user_threads (
                    user_id TEXT NOT NULL,
                    thread_id TEXT NOT NULL,
                    PRIMARY KEY (user_id, thread_id)
                ) WITHOUT ROWID;
                INSERT INTO users (user_id, trace_count, thread_count, input_tokens, output_tokens, cost,
                    error_trace_count, last_seen)
                SELECT user_id, count(*), count(DISTINCT thread_id), CAST(total(input_tokens) AS INTEGER),
                    CAST(total(output_tokens) AS INTEGER), total(cost), sum(error_count > 0), max(end_time)
                FROM traces WHERE user_id IS NOT NULL GROUP BY user_id;
                INSERT INTO user_threads (user_id, thread_id)
                SELECT DISTINCT user_id, thread_id FROM traces WHERE user_id IS NOT NULL AND thread_id IS NOT NULL;

                DROP INDEX traces_by_user;
                CREATE INDEX traces_by_user ON traces (user_id, start_time) WHERE user_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v3") { db in
            // Filter indexes that take a trace only once it is indexed (see DeferredIndexing).
            // The traces already stored are indexed: the watermark starts at the newest.
            try db.execute(sql: """
                ALTER TABLE traces ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE trace_labels ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE trace_metadata ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;

                DROP INDEX traces_by_user;
                DROP INDEX traces_by_thread;
                DROP INDEX traces_by_customer;
                DROP INDEX trace_labels_by_label;
                DROP INDEX trace_metadata_by_text;
                DROP INDEX trace_metadata_by_number;
                CREATE INDEX traces_by_user ON traces (user_id, start_time) WHERE user_id IS NOT NULL AND indexed = 1;
                CREATE INDEX traces_by_thread ON traces (thread_id, start_time)
                    WHERE thread_id IS NOT NULL AND indexed = 1;
                CREATE INDEX traces_by_customer ON traces (customer_id, start_time)
                    WHERE customer_id IS NOT NULL AND indexed = 1;
                CREATE INDEX trace_labels_by_label ON trace_labels (label, start_time) WHERE indexed = 1;
                CREATE INDEX trace_metadata_by_text ON trace_metadata (key, value_text, start_time)
                    WHERE value_text IS NOT NULL AND indexed = 1;
                CREATE INDEX trace_metadata_by_number ON trace_metadata (key, value_number, start_time)
                    WHERE value_number IS NOT NULL AND indexed = 1;

                INSERT INTO counters (name, value) VALUES ('indexed_through', coalesce((SELECT max(id) FROM traces), 0));
                """)
        }
        migrator.registerMigration("v4") { db in
            // Prompt-cache and reasoning tokens per span and per trace, whether a span's cost was
            // computed from a price, a span's links, and how many spans had tokens but a model
            // with no price.
            try db.execute(sql: """
                ALTER TABLE spans ADD COLUMN cache_read_tokens INTEGER;
                ALTER TABLE spans ADD COLUMN cache_creation_tokens INTEGER;
                ALTER TABLE spans ADD COLUMN reasoning_tokens INTEGER;
                ALTER TABLE spans ADD COLUMN cost_computed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE spans ADD COLUMN links BLOB;
                ALTER TABLE traces ADD COLUMN cache_read_tokens INTEGER;
                ALTER TABLE traces ADD COLUMN cache_creation_tokens INTEGER;
                ALTER TABLE traces ADD COLUMN reasoning_tokens INTEGER;
                INSERT OR IGNORE INTO counters (name, value) VALUES ('costs_unknown_model', 0);
                """)
        }
        migrator.registerMigration("v5") { db in
            // Evaluations per trace: the spans' gen_ai.evaluation.result events and evaluations
            // pushed afterwards, which wait for their trace in pending_patches like patches do.
            try db.execute(sql: """
                CREATE TABLE trace_evaluations (
                    trace_key INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    score REAL,
                    label TEXT,
                    explanation TEXT,
                    span_id TEXT,
                    time INTEGER NOT NULL
                );
                CREATE INDEX trace_evaluations_by_trace ON trace_evaluations (trace_key, name);
                CREATE INDEX trace_evaluations_by_score ON trace_evaluations (name, score) WHERE score IS NOT NULL;
                CREATE INDEX trace_evaluations_by_label ON trace_evaluations (name, label) WHERE label IS NOT NULL;
                ALTER TABLE pending_patches ADD COLUMN evaluation TEXT;
                """)
        }
        return migrator
    }
}
