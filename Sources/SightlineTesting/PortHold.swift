#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP socket bound to 127.0.0.1:`port` that never listens, held while a receiver is down:
/// connections to the port are refused, as with nothing bound, but no other receiver of the
/// parallel test run can be given the port by the system (an automatic port is never one that
/// a socket is bound to), so a "dead" endpoint cannot come alive as someone else's server.
public final class PortHold: Sendable {
    private let descriptor: Int32

    /// Nil when the port cannot be bound.
    public init?(port: Int) {
        let descriptor = LoopbackSocket.make()
        guard descriptor >= 0 else { return nil }
        // Reusable, so the receiver can bind the port again (it also sets SO_REUSEADDR) and
        // connections the receiver closed (TIME_WAIT) do not stand in the way.
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = LoopbackSocket.withAddress(port: port) { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    /// Gives the port back. Call once.
    public func release() {
        close(descriptor)
    }
}
