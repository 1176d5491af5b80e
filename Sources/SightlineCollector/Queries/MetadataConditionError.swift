/// Why a metadata condition could not be read.
public struct MetadataConditionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The condition as given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    /// The condition and what is wrong with it, in a sentence.
    public var description: String { "invalid metadata condition \"\(text)\": \(reason)" }
}
