/// What a ``TraceStore`` holds.
public struct StoreStatistics: Sendable, Hashable, Codable {
    /// Traces stored.
    public var traceCount: Int
    /// Spans stored.
    public var spanCount: Int
    /// Patches waiting for their trace.
    public var pendingPatches: Int
    /// Patches dropped since the database was created because their trace never arrived in time.
    public var expiredPendingPatches: Int
    /// Spans stored since the database was created that reported tokens and no cost, with a
    /// model that has no price: their cost stayed unknown.
    public var costsUnknownModel: Int

    /// Makes the statistics from their figures.
    /// - Parameters:
    ///   - traceCount: traces stored.
    ///   - spanCount: spans stored.
    ///   - pendingPatches: patches waiting for their trace.
    ///   - expiredPendingPatches: patches dropped since the database was created because their trace never arrived in
    ///     time.
    ///   - costsUnknownModel: spans stored since the database was created that reported tokens and no cost, with a
    ///     model that has no price.
    public init(traceCount: Int, spanCount: Int, pendingPatches: Int, expiredPendingPatches: Int,
                costsUnknownModel: Int = 0) {
        self.traceCount = traceCount
        self.spanCount = spanCount
        self.pendingPatches = pendingPatches
        self.expiredPendingPatches = expiredPendingPatches
        self.costsUnknownModel = costsUnknownModel
    }
}
