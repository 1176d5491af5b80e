/// What a model costs per million tokens, in US dollars.
public struct ModelPrice: Sendable, Hashable {
    /// Per million input tokens not read from or written to the prompt cache.
    public var input: Double
    /// Per million output tokens, reasoning tokens included.
    public var output: Double
    /// Per million input tokens read from the prompt cache; nil bills them as ``input``.
    public var cacheRead: Double?
    /// Per million input tokens written to the prompt cache; nil bills them as ``input``.
    public var cacheWrite: Double?

    /// Sets a price, in US dollars per million tokens.
    ///
    /// ```swift
    /// configuration.modelPrices.set(ModelPrice(input: 0.40, output: 1.60), for: "house-model")
    /// ```
    /// - Parameters:
    ///   - input: per million plain input tokens.
    ///   - output: per million output tokens.
    ///   - cacheRead: per million prompt-cache reads; nil bills them as input.
    ///   - cacheWrite: per million prompt-cache writes; nil bills them as input.
    public init(input: Double, output: Double, cacheRead: Double? = nil, cacheWrite: Double? = nil) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

    /// The cost of `usage` at this price; nil when it counts no tokens at all.
    ///
    /// Cache tokens are part of ``TokenUsage/inputTokens``: they are billed at their own price
    /// and the rest of the input at ``input``. Negative counts are taken as zero.
    /// - Parameter usage: the tokens a call used.
    public func cost(of usage: TokenUsage) -> Double? {
        guard usage.inputTokens != nil || usage.outputTokens != nil else { return nil }
        let cacheRead = Double(max(0, usage.cacheReadInputTokens ?? 0))
        let cacheWrite = Double(max(0, usage.cacheCreationInputTokens ?? 0))
        let plainInput = max(0, Double(max(0, usage.inputTokens ?? 0)) - cacheRead - cacheWrite)
        let output = Double(max(0, usage.outputTokens ?? 0))
        let total = plainInput * input + cacheRead * (self.cacheRead ?? input) + cacheWrite * (self.cacheWrite ?? input)
            + output * self.output
        return total / 1_000_000
    }
}
