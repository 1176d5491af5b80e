/// What a ``TraceStore`` holds.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public var traceCount: Int
    public var spanCount: Int
    /// Patches waiting for their trace.
    public var pendingPatches: Int
    /// Patches dropped since the database was created because their trace never arrived in time.
    public var expiredPendingPatches: Int
    /// Spans stored since the database was created that reported tokens and no cost, with a
    /// model that has no price: their cost stayed unknown.
    public var costsUnknownModel: Int

    public init(traceCount: Int, spanCount: Int, pendingPatches: Int, expiredPendingPatches: Int,
                costsUnknownModel: Int = 0) {
        self.traceCount = traceCount
        self.spanCount = spanCount
        self.pendingPatches = pendingPatches
        self.expiredPendingPatches = expiredPendingPatches
        self.costsUnknownModel = costsUnknownModel
    }
}
