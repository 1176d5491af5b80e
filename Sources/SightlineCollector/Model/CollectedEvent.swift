import Sightline

/// Something that happened during a span at one instant (an exception, a first token).
public struct CollectedEvent: Sendable, Hashable, Codable {
    public var name: String
    public var time: Timestamp
    public var attributes: [String: JSONValue]

    public init(name: String, time: Timestamp, attributes: [String: JSONValue] = [:]) {
        self.name = name
        self.time = time
        self.attributes = attributes
    }
}
