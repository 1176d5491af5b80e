import Sightline

extension TraceStore {
    /// Traces, errors, tokens and cost per interval of `from..<to`, and the p50 and p95
    /// duration of each model's LLM spans, over the traces that started in that range.
    ///
    /// - Parameter intervals: how many equal intervals the range is cut into (1 to 1,000).
    public func overview(from: Timestamp, to: Timestamp, intervals: Int) throws -> Overview {
        try pool.read { db in try OverviewQueries.overview(from: from, to: to, intervals: intervals, in: db) }
    }
}
