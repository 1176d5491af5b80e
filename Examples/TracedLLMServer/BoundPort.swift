import Synchronization

/// The port the server listens on, known once it is bound (port 0 asks the system for one).
final class BoundPort: Sendable {
    struct ServerNotListening: Error, CustomStringConvertible {
        var description: String { "the server stopped before it was listening" }
    }

    private struct State {
        var port: Int?
        var isClosed = false
        var waiters: [CheckedContinuation<Int, any Error>] = []
    }

    private let state = Mutex(State())

    func set(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Releases those still waiting when the server stops without having listened.
    func close() {
        let waiters = state.withLock { state in
            state.isClosed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: ServerNotListening()) }
    }

    /// Waits until the server is listening.
    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<Int, any Error>? in
                    if let port = state.port { return .success(port) }
                    if state.isClosed { return .failure(ServerNotListening()) }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
