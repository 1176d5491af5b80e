import GRDB

/// The changes one ingest or patch makes to the per-user totals (`users` and `user_threads`),
/// gathered trace by trace and written once, at the end, in the same transaction as the traces.
///
/// Each saved trace replaces its old ``UserContribution`` with its new one: the old is
/// subtracted from its user, the new added to its user. Counts and tokens are integers, so the
/// totals stay exactly those of the user's traces; the cost is a floating-point sum, equal to
/// summing the traces' costs up to rounding. What cannot be subtracted is recomputed from
/// `traces` when needed: the last time seen, when a trace leaves its user; membership of a
/// thread, when a trace leaves a (user, thread) pair; the cost, when a trace's cost is not finite.
struct UserTotals {
    private struct Change {
        var traces: Int64 = 0
        var errorTraces: Int64 = 0
        var inputTokens: Int64 = 0
        var outputTokens: Int64 = 0
        /// nil once a non-finite cost is involved: the total is then recomputed.
        var cost: Double? = 0
        /// The latest end time among the traces added; `Int64.min` when none was.
        var lastSeen = Int64.min
        /// Whether a trace left the user (or ended earlier than it did), so that the last time
        /// seen must be recomputed.
        var lostTrace = false
    }

    private struct UserThread: Hashable {
        var userId: String
        var threadId: String
    }

    private var changes: [String: Change] = [:]
    /// The net change in the number of traces of each (user, thread) pair.
    private var threadChanges: [UserThread: Int] = [:]

    var isEmpty: Bool { changes.isEmpty && threadChanges.isEmpty }

    /// Records that a trace that contributed `old` now contributes `new`.
    mutating func replace(_ old: UserContribution?, with new: UserContribution?) {
        guard old != new else { return }
        if let old {
            add(old, times: -1)
            if new?.userId != old.userId || (new?.endTime ?? .min) < old.endTime { changes[old.userId]!.lostTrace = true }
        }
        if let new {
            add(new, times: 1)
            changes[new.userId]!.lastSeen = max(changes[new.userId]!.lastSeen, new.endTime)
        }
    }

    /// Adds (`sign` 1) or subtracts (`sign` -1) what `contribution` counts towards its user.
    private mutating func add(_ contribution: UserContribution, times sign: Int64) {
        var change = changes[contribution.userId, default: Change()]
        change.traces += sign
        if contribution.isError { change.errorTraces += sign }
        change.inputTokens &+= sign &* contribution.inputTokens
        change.outputTokens &+= sign &* contribution.outputTokens
        change.cost = Self.sum(change.cost, contribution.cost.map { Double(sign) * $0 })
        changes[contribution.userId] = change
        if let thread = contribution.threadId {
            threadChanges[UserThread(userId: contribution.userId, threadId: thread), default: 0] += Int(sign)
        }
    }

    private static func sum(_ total: Double?, _ value: Double?) -> Double? {
        guard let total, let value else { return nil }
        let sum = total + value
        return sum.isFinite ? sum : nil
    }

    // MARK: Writing

    /// The total cost of the traces of user ?1, from `traces`.
    private static let recomputedCostSQL = """
        (SELECT total(cost) FROM (\(DeferredIndexing.traces(where: "t.user_id = ?1", columns: "t.cost AS cost"))))
        """

    /// Adds a change to a user's row (a NULL cost, ?5, recomputes the user's cost from `traces`).
    static let upsertUserSQL = """
        INSERT INTO users (user_id, trace_count, thread_count, input_tokens, output_tokens, cost, error_trace_count,
            last_seen)
        VALUES (?1, ?2, 0, ?3, ?4, coalesce(?5, \(recomputedCostSQL)), ?6, ?7)
        ON CONFLICT (user_id) DO UPDATE SET
            trace_count = trace_count + ?2, input_tokens = input_tokens + ?3, output_tokens = output_tokens + ?4,
            cost = coalesce(cost + ?5, \(recomputedCostSQL)),
            error_trace_count = error_trace_count + ?6, last_seen = max(last_seen, ?7)
        """

    /// Writes the gathered changes; call once the traces they come from are saved.
    mutating func write(in db: Database) throws {
        guard !isEmpty else { return }
        let upsert = try BoundStatement(db, Self.upsertUserSQL)
        for (userId, change) in changes {
            upsert.bind(1, userId)
            upsert.bind(2, change.traces)
            upsert.bind(3, change.inputTokens)
            upsert.bind(4, change.outputTokens)
            upsert.bind(5, change.cost)
            upsert.bind(6, change.errorTraces)
            upsert.bind(7, change.lastSeen)
            try upsert.execute()
        }
        for (pair, delta) in threadChanges where delta != 0 {
            try delta > 0 ? join(pair, in: db) : leaveIfLast(pair, in: db)
        }
        for (userId, change) in changes where change.lostTrace {
            try db.cachedStatement(sql: "DELETE FROM users WHERE user_id = ? AND trace_count <= 0")
                .execute(arguments: [userId])
            guard db.changesCount == 0 else { continue }
            try db.cachedStatement(sql: """
                UPDATE users SET last_seen = (SELECT max(end_time) FROM (\(
                    DeferredIndexing.traces(where: "t.user_id = ?1", columns: "t.end_time AS end_time"))))
                WHERE user_id = ?1
                """).execute(arguments: [userId])
        }
        changes = [:]
        threadChanges = [:]
    }

    /// A trace now has this (user, thread): the thread counts for the user if it did not yet.
    private func join(_ pair: UserThread, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO user_threads (user_id, thread_id) VALUES (?, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: [pair.userId, pair.threadId])
        guard db.changesCount > 0 else { return }
        try db.cachedStatement(sql: "UPDATE users SET thread_count = thread_count + 1 WHERE user_id = ?")
            .execute(arguments: [pair.userId])
    }

    /// Traces left this (user, thread): the thread stops counting for the user when none is left.
    private func leaveIfLast(_ pair: UserThread, in db: Database) throws {
        let remains = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (\(DeferredIndexing.traces(where: "t.thread_id = ?1 AND t.user_id = ?2", columns: "1")))
            """), arguments: [pair.threadId, pair.userId]) ?? false
        guard !remains else { return }
        try db.cachedStatement(sql: "DELETE FROM user_threads WHERE user_id = ? AND thread_id = ?")
            .execute(arguments: [pair.userId, pair.threadId])
        guard db.changesCount > 0 else { return }
        try db.cachedStatement(sql: "UPDATE users SET thread_count = thread_count - 1 WHERE user_id = ?")
            .execute(arguments: [pair.userId])
    }
}
