/// What happened to a post-hoc patch.
public enum PatchOutcome: String, Sendable, Hashable, Codable {
    /// The trace was stored and now carries the patch.
    case applied
    /// The trace has not arrived yet: the patch is kept and applied when its first spans are
    /// stored, unless it expires first (see ``TraceStore/init(path:pendingPatchLifetime:readOnly:modelPrices:)``).
    case pending
}
