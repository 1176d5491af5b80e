/// Why a LangWatch REST collector body was refused: the first field that is missing or
/// malformed, by its path (`spans[0].timestamps.started_at is missing`).
public struct LangWatchRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault and what is wrong with it.
    public let message: String

    /// Refuses a body.
    /// - Parameter message: the field at fault and what is wrong with it.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
