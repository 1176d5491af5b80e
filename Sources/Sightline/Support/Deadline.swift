import Synchronization

/// The operation did not finish within its deadline.
public struct DeadlineExceededError: Error, CustomStringConvertible {
    /// The deadline that passed.
    public let timeout: Duration
    /// The deadline, in a sentence.
    public var description: String { "operation did not finish within \(timeout)" }
}

/// Runs `operation` and returns its result, or throws ``DeadlineExceededError`` once `timeout`
/// has passed, even when the operation ignores cancellation (it is cancelled and left to finish
/// on its own). `timeout` is measured on `clock`.
///
/// This is the batch processor's guard around an exporter it does not know: exporters that
/// honour ``SpanBatch/deadline`` (the OTLP exporter does, down to its HTTP request) end by
/// then on their own, and this only stops the processor from waiting on one that does not
/// (what keeps `shutdown()` from hanging on a dead endpoint). The operation runs in a task of
/// its own because a hung operation cannot be awaited; the timer is a second task because the
/// caller waits for whichever of the two finishes first.
func withDeadline<Result: Sendable>(
    _ timeout: Duration, clock: SchedulingClock = .continuous, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let outcome = OneShot<Result>()
    let work = Task { outcome.complete(with: await Swift.Result { try await operation() }) }
    let timer = Task {
        try? await clock.sleep(for: timeout)
        outcome.complete(with: .failure(DeadlineExceededError(timeout: timeout)))
    }
    defer {
        timer.cancel()
        work.cancel()
    }
    return try await withTaskCancellationHandler {
        try await outcome.value()
    } onCancel: {
        outcome.complete(with: .failure(CancellationError()))
    }
}

/// A result delivered once to one waiter, whichever side comes first.
private final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiter: CheckedContinuation<Value, any Error>?
    }
    private let state = LockedState(State())

    func complete(with result: Result<Value, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<Value, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
