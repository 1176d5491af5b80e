/// Why an evaluation condition could not be read.
public struct EvaluationConditionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String { "invalid evaluation condition \"\(text)\": \(reason)" }
}
