/// Something that happened at an instant during a span, such as an exception or a first token.
public struct SpanEvent: Sendable, Hashable {
    public var name: String
    public var timestamp: Timestamp
    public var attributes: [Attribute]
    /// Attributes dropped by the per-event attribute limit.
    public var droppedAttributesCount: Int

    public init(name: String, timestamp: Timestamp = .now(), attributes: [Attribute] = [], droppedAttributesCount: Int = 0) {
        self.name = name
        self.timestamp = timestamp
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
    }
}
