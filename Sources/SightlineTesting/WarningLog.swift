import Synchronization

/// Collects the warnings an SDK reports: pass ``append(_:)`` as its warning handler.
public final class WarningLog: Sendable {
    private let messages = Mutex<[String]>([])

    /// An empty log.
    public init() {}

    /// Records `message`.
    public func append(_ message: String) { messages.withLock { $0.append(message) } }

    /// Every warning so far, in order.
    public var all: [String] { messages.withLock { $0 } }
}
