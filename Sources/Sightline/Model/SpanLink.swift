/// A causal link to a span of another (or the same) trace, such as the request a batch job serves.
public struct SpanLink: Sendable, Hashable {
    /// The linked span.
    public var context: SpanContext
    /// What the link carries.
    public var attributes: [Attribute]
    /// Attributes dropped by the per-link attribute limit.
    public var droppedAttributesCount: Int

    /// Makes a link.
    /// - Parameters:
    ///   - context: the linked span.
    ///   - attributes: what the link carries.
    ///   - droppedAttributesCount: attributes the limits dropped.
    public init(context: SpanContext, attributes: [Attribute] = [], droppedAttributesCount: Int = 0) {
        self.context = context
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
    }
}
