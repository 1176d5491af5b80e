import Glibc
import SightlineTesting

/// A plain TCP connection to 127.0.0.1 for clients that misbehave on purpose: a request head
/// sent in part, a body that stops short, a connection that stays idle.
final class RawConnection: Sendable {
    private let descriptor: Int32

    /// Nil when the connection cannot be made.
    init?(port: Int) {
        let descriptor = LoopbackSocket.make()
        guard descriptor >= 0 else { return nil }
        let connected = LoopbackSocket.withAddress(port: port) { connect(descriptor, $0, $1) }
        guard connected == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    /// Sends `text` whole; false when the connection is gone.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    /// Whether the server closed the connection: a read that waits up to `milliseconds` sees
    /// the end of the stream (or a reset). Reply bytes before the end are skipped.
    func isClosedByServer(within milliseconds: Int32) -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var remaining = milliseconds
        while remaining > 0 {
            let started = Self.nowMilliseconds()
            guard poll(&poller, 1, remaining) > 0 else { return false }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return true }
            remaining -= Int32(Self.nowMilliseconds() - started)
        }
        return false
    }

    private static func nowMilliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
