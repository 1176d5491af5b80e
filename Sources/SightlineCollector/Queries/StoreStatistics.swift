/// What a ``TraceStore`` holds.
public struct StoreStatistics: Sendable, Hashable, Codable {
    public var traceCount: Int
    public var spanCount: Int
    /// Patches waiting for their trace.
    public var pendingPatches: Int
    /// Patches dropped since the database was created because their trace never arrived in time.
    public var expiredPendingPatches: Int

    public init(traceCount: Int, spanCount: Int, pendingPatches: Int, expiredPendingPatches: Int) {
        self.traceCount = traceCount
        self.spanCount = spanCount
        self.pendingPatches = pendingPatches
        self.expiredPendingPatches = expiredPendingPatches
    }
}
