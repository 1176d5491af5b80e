import Sightline
import Synchronization

/// The port a server bound, learned once: callers of ``value()`` wait until the listener is up,
/// or until the server fails to start or stops.
final class BoundPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case bound(Int)
        case failed(any Error)
    }

    private let state = LockedState(State.waiting([]))

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<Int, any Error>? = state.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                case .bound(let port): return .success(port)
                case .failed(let error): return .failure(error)
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Whether the port is known or the server has failed: false while still waiting.
    var isSettled: Bool {
        state.withLock { state in
            if case .waiting = state { return false }
            return true
        }
    }

    /// The listener is up on `port` (nil when its socket has no port).
    func fulfill(_ port: Int?) {
        settle(port.map(Result.success) ?? .failure(CollectorServerError.noPort))
    }

    /// The server failed to start or has stopped: waiters, and later callers, get `error`.
    func fail(_ error: any Error) {
        settle(.failure(error))
    }

    private func settle(_ outcome: Result<Int, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            let waiters: [CheckedContinuation<Int, any Error>]
            if case .waiting(let list) = state { waiters = list } else { waiters = [] }
            switch outcome {
            case .success(let port): state = .bound(port)
            case .failure(let error): state = .failed(error)
            }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: outcome) }
    }
}
