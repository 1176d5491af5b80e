/// Why ``CollectorServer/boundPort()`` has no port to give.
public enum CollectorServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server stopped (or never started listening).
    case stopped
    /// The listening socket has no port (it is not an IP socket).
    case noPort

    public var description: String {
        switch self {
        case .stopped: return "the collector server is not running"
        case .noPort: return "the collector server's socket has no port"
        }
    }
}
