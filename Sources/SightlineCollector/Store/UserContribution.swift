/// What one trace adds to its user's row in `users`: the trace itself, its thread, tokens,
/// cost, whether it failed, and when it ended. A trace without a user adds nothing.
struct UserContribution: Equatable {
    var userId: String
    /// Counted among the user's distinct threads when not nil.
    var threadId: String?
    var inputTokens: Int64
    var outputTokens: Int64
    /// nil when the trace's cost is not a finite number (then the user's total is recomputed
    /// from `traces` rather than summed, as `total(cost)` over them would give it).
    var cost: Double?
    var isError: Bool
    var endTime: Int64

    /// The contribution of a trace with these columns; nil when it has no user.
    init?(_ columns: TraceAggregate.Columns) {
        guard let user = columns.user?.value else { return nil }
        userId = user
        threadId = columns.thread?.value
        inputTokens = Int64(columns.inputTokens ?? 0)
        outputTokens = Int64(columns.outputTokens ?? 0)
        let cost = columns.cost ?? 0
        self.cost = cost.isFinite ? cost : nil
        isError = columns.errorCount > 0
        endTime = Int64(clamping: columns.endTime)
    }
}
