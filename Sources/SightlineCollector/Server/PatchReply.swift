/// The body of a post-hoc route's reply: `{"status": "applied", "traceId": …}`, or for a trace
/// that has not arrived `{"status": "pending", "traceId": …, "heldForSeconds": 3600}`: how long
/// the store keeps the patch waiting for its trace.
struct PatchReply: Encodable {
    let status: PatchOutcome
    /// The trace id in its canonical form.
    let traceId: String
    /// Set for a pending patch only; a fraction of a second counts as a whole one, so that a
    /// patch that is held is never said to be held for 0 seconds.
    let heldForSeconds: Int64?

    init(_ outcome: PatchOutcome, traceId: String, pendingPatchLifetime: Duration) {
        status = outcome
        self.traceId = traceId
        let (seconds, attoseconds) = pendingPatchLifetime.components
        heldForSeconds = outcome == .pending ? seconds + (attoseconds > 0 ? 1 : 0) : nil
    }
}
