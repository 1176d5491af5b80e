/// Tokens an LLM call consumed and what it cost.
public struct TokenUsage: Sendable, Hashable {
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// Cost in the account's currency (usually USD).
    public var cost: Double?

    public init(input: Int? = nil, output: Int? = nil, cost: Double? = nil) {
        self.inputTokens = input
        self.outputTokens = output
        self.cost = cost
    }

    public var totalTokens: Int? {
        guard inputTokens != nil || outputTokens != nil else { return nil }
        return (inputTokens ?? 0) + (outputTokens ?? 0)
    }
}
