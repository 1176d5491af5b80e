import Sightline

/// Totals over the traces of one user.
public struct UserSummary: Sendable, Hashable, Codable {
    /// The user.
    public var userId: String
    /// The user's traces.
    public var traceCount: Int
    /// Distinct threads among the user's traces.
    public var threadCount: Int
    /// Input tokens over the user's traces.
    public var inputTokens: Int
    /// Output tokens over the user's traces.
    public var outputTokens: Int
    /// Cost in US dollars over the user's traces (what is known of it).
    public var cost: Double
    /// Traces with at least one failed span.
    public var errorTraceCount: Int
    /// When the user's latest trace ended.
    public var lastSeen: Timestamp

    /// Makes a user's totals from their figures.
    /// - Parameters:
    ///   - userId: the user.
    ///   - traceCount: the user's traces.
    ///   - threadCount: distinct threads among the user's traces.
    ///   - inputTokens: input tokens over the user's traces.
    ///   - outputTokens: output tokens over the user's traces.
    ///   - cost: cost in US dollars over the user's traces (what is known of it).
    ///   - errorTraceCount: traces with at least one failed span.
    ///   - lastSeen: when the user's latest trace ended.
    public init(userId: String, traceCount: Int, threadCount: Int, inputTokens: Int, outputTokens: Int, cost: Double,
                errorTraceCount: Int, lastSeen: Timestamp) {
        self.userId = userId
        self.traceCount = traceCount
        self.threadCount = threadCount
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.errorTraceCount = errorTraceCount
        self.lastSeen = lastSeen
    }
}
