/// Why a metadata condition could not be read.
public struct MetadataConditionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "invalid metadata condition \"\(text)\": \(reason)" }
}
