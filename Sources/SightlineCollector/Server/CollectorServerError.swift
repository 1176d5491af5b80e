#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Why ``CollectorServer/boundPort()`` has no port to give, or why the server could not start.
public enum CollectorServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server stopped (or never started listening).
    case stopped
    /// The listening socket has no port (it is not an IP socket).
    case noPort
    /// Another socket already listens on `host:port` (another collector, say).
    case addressInUse(host: String, port: Int)
    /// The server cannot listen on `host:port` for another reason: the host does not resolve
    /// or is not an address of this machine, or the port needs privileges.
    case cannotListen(host: String, port: Int, reason: String)

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .stopped: return "the collector server is not running"
        case .noPort: return "the collector server's socket has no port"
        case .addressInUse(let host, let port): return "cannot listen on \(host):\(port): the address is already in use"
        case .cannotListen(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        }
    }

    /// `error`, thrown while binding `host:port`, in these terms.
    static func listening(_ error: any Error, host: String, port: Int) -> CollectorServerError {
        if let error = error as? CollectorServerError { return error }
        guard let error = error as? IOError else { return .cannotListen(host: host, port: port, reason: "\(error)") }
        if error.errnoCode == EADDRINUSE { return .addressInUse(host: host, port: port) }
        return .cannotListen(host: host, port: port, reason: String(cString: strerror(error.errnoCode)).lowercased())
    }
}
