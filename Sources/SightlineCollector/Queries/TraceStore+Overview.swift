import Sightline

extension TraceStore {
    /// Traces, errors, tokens and cost per interval of `from..<to`, and the p50 and p95
    /// duration of each model's LLM spans, over the traces that started in that range.
    ///
    /// - Parameters:
    ///   - from: the range's start.
    ///   - to: the range's end (not included).
    ///   - intervals: how many equal intervals the range is cut into (1 to 1,000).
    /// - Returns: the totals per interval and the latency per model.
    /// - Throws: the database's error.
    public func overview(from: Timestamp, to: Timestamp, intervals: Int) throws -> Overview {
        try pool.read { db in try OverviewQueries.overview(from: from, to: to, intervals: intervals, in: db) }
    }
}
