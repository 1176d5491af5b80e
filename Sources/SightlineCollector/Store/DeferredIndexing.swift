import GRDB

/// The filter indexes (user, thread and customer of `traces`; labels; metadata text and number)
/// take a trace only once a few thousand newer ones have arrived, all together, instead of
/// trace by trace in each ingest commit.
///
/// Those indexes are keyed by a value (a user id, a score), not by arrival: each trace added to
/// one lands on a page of its own, and every page an ingest commit changes is written to the WAL
/// and again by the checkpoint. Added a few thousand at a time, the traces share those pages.
/// Measured at 1M stored spans with 4 senders: 1.23–1.36× the spans per second, at the cost of
/// a few tenths of a second for the call that indexes (see RESULTS.md).
///
/// **The watermark.** Every trace whose key (`traces.id`, which grows with arrival) is at most
/// the watermark, kept in `counters` as `indexed_through`, is indexed: its `traces`,
/// `trace_labels` and `trace_metadata` rows have `indexed = 1`, which puts them in the partial
/// indexes. Every later trace has `indexed = 0` and is not. ``catchUp(in:step:)`` moves the
/// watermark forward once ``TraceStore`` has `step` unindexed traces.
///
/// **Queries stay exact.** A query reads the indexes for the traces they hold, and checks the
/// unindexed ones, at most `step` rows found by key range, one by one (``unindexedTraces``).
/// Nothing is lost or late: a trace is in the one part or the other from its first commit on,
/// and a crash between two catch-ups leaves the unindexed traces where they were, to be indexed
/// by a later catch-up.
enum DeferredIndexing {
    /// The number of unindexed traces at which a writer indexes them.
    static let defaultStep: Int64 = 8192

    private static let watermarkQuery = "SELECT value FROM counters WHERE name = 'indexed_through'"
    /// The watermark as an SQL expression.
    static let watermarkSQL = "(\(watermarkQuery))"

    /// The unindexed traces, as a table with alias `t`. They are read by key range: without
    /// `NOT INDEXED`, a query ordered by start time may read the start-time index instead, every
    /// trace of the store newest first, to pick out the few unindexed ones.
    static let unindexedTraces = "traces t NOT INDEXED"

    /// The condition on ``unindexedTraces`` that selects them.
    static let unindexedCondition = "t.id > \(watermarkSQL) AND t.indexed = 0"

    /// A query of `columns` of the traces that meet `condition` (on alias `t`, with an equality on
    /// an indexed column): through the index for the indexed traces, by key range for the others.
    static func traces(where condition: String, columns: String) -> String {
        "SELECT \(columns) FROM traces t WHERE t.indexed = 1 AND \(condition) "
            + "UNION ALL SELECT \(columns) FROM \(unindexedTraces) WHERE \(unindexedCondition) AND \(condition)"
    }

    static func watermark(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: watermarkQuery) ?? 0
    }

    /// Indexes the unindexed traces, in one transaction, when there are at least `step` of them.
    static func catchUp(in db: Database, step: Int64) throws {
        // A look outside a transaction first: most calls have nothing to index.
        guard try unindexed(in: db).count >= step else { return }
        try db.inTransaction {
            // Again under the write lock: a writer in another process may have indexed them since.
            let (watermark, newest, count) = try unindexed(in: db)
            guard count >= step else { return .commit }
            let range: StatementArguments = [watermark, newest]
            try db.execute(sql: "UPDATE traces SET indexed = 1 WHERE id > ? AND id <= ?", arguments: range)
            try db.execute(sql: "UPDATE trace_labels SET indexed = 1 WHERE trace_key > ? AND trace_key <= ?",
                           arguments: range)
            try db.execute(sql: "UPDATE trace_metadata SET indexed = 1 WHERE trace_key > ? AND trace_key <= ?",
                           arguments: range)
            try db.execute(sql: "UPDATE counters SET value = ? WHERE name = 'indexed_through'", arguments: [newest])
            return .commit
        }
    }

    /// The traces after the watermark: their keys run from just after `watermark` to `newest`
    /// (keys only grow, and traces are never deleted).
    private static func unindexed(in db: Database) throws -> (watermark: Int64, newest: Int64, count: Int64) {
        let watermark = try watermark(in: db)
        let newest = try Int64.fetchOne(db, sql: "SELECT max(id) FROM traces") ?? 0
        return (watermark, newest, newest - watermark)
    }
}
