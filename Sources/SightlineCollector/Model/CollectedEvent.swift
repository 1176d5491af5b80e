import Sightline

/// Something that happened during a span at one instant (an exception, a first token).
public struct CollectedEvent: Sendable, Hashable, Codable {
    /// The event's name (`exception`, `gen_ai.evaluation.result`).
    public var name: String
    /// When it happened.
    public var time: Timestamp
    /// What it carried, as received.
    public var attributes: [String: JSONValue]

    /// Makes an event.
    /// - Parameters:
    ///   - name: the event's name (`exception`, `gen_ai.evaluation.result`).
    ///   - time: when it happened.
    ///   - attributes: what it carried, as received.
    public init(name: String, time: Timestamp, attributes: [String: JSONValue] = [:]) {
        self.name = name
        self.time = time
        self.attributes = attributes
    }
}
