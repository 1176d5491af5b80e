/// A causal link to a span of another (or the same) trace, such as the request a batch job serves.
public struct SpanLink: Sendable, Hashable {
    public var context: SpanContext
    public var attributes: [Attribute]
    /// Attributes dropped by the per-link attribute limit.
    public var droppedAttributesCount: Int

    public init(context: SpanContext, attributes: [Attribute] = [], droppedAttributesCount: Int = 0) {
        self.context = context
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
    }
}
