/// Why a LangWatch REST collector body was refused: the first field that is missing or
/// malformed, by its path (`spans[0].timestamps.started_at is missing`).
public struct LangWatchRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
