import Sightline

/// Totals over the traces of one user.
public struct UserSummary: Sendable, Hashable, Codable {
    public var userId: String
    public var traceCount: Int
    /// Distinct threads among the user's traces.
    public var threadCount: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cost: Double
    /// Traces with at least one failed span.
    public var errorTraceCount: Int
    /// When the user's latest trace ended.
    public var lastSeen: Timestamp

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
