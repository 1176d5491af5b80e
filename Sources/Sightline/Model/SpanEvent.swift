/// Something that happened at an instant during a span, such as an exception or a first token.
public struct SpanEvent: Sendable, Hashable {
    /// The event's name (`exception`, `gen_ai.evaluation.result`).
    public var name: String
    /// When it happened.
    public var timestamp: Timestamp
    /// What it carries.
    public var attributes: [Attribute]
    /// Attributes dropped by the per-event attribute limit.
    public var droppedAttributesCount: Int

    /// Makes an event.
    /// - Parameters:
    ///   - name: the event's name.
    ///   - timestamp: when it happened; now by default.
    ///   - attributes: what it carries.
    ///   - droppedAttributesCount: attributes the limits dropped.
    public init(name: String, timestamp: Timestamp = .now(), attributes: [Attribute] = [], droppedAttributesCount: Int = 0) {
        self.name = name
        self.timestamp = timestamp
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
    }
}
