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
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        // Reusable, so the receiver can bind the port again (it also sets SO_REUSEADDR) and
        // connections the receiver closed (TIME_WAIT) do not stand in the way.
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
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
