import Synchronization

/// A clock that moves only when a test says so, for timers that would otherwise make a test
/// sleep: give it to the code under test, wait until that code sleeps on it
/// (``waitForSleepers(_:)``), then ``advance(by:)``.
public final class ManualClock: Clock, Sendable {
    /// A point on the clock: how far it has been advanced.
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the clock was made.
        public var offset: Duration

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Int: Sleeper] = [:]
        /// Sleeps begun whose continuation is not stored yet.
        var starting: Set<Int> = []
        /// Of those, the ones cancelled meanwhile.
        var cancelled: Set<Int> = []
        var nextId = 0
    }

    private let state = Mutex(State())

    /// A clock at offset zero, with nothing sleeping on it.
    public init() {}

    /// Where the clock stands: the sum of every ``advance(by:)`` so far.
    public var now: Instant { state.withLock { $0.now } }

    /// Zero: the clock moves by whatever it is advanced by.
    public var minimumResolution: Duration { .zero }

    /// Returns once the clock reaches `deadline`; throws `CancellationError` when the task is
    /// cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            state.starting.insert(state.nextId)
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    state.starting.remove(id)
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let sleeper = state.sleepers.removeValue(forKey: id) else {
                    if state.starting.contains(id) { state.cancelled.insert(id) }
                    return nil
                }
                return sleeper
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on by `duration` and wakes every sleep whose deadline it reached.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Runs `operation`, moving the clock on by `step` whenever something sleeps on it, until
    /// the operation returns: for code whose timers are not known one by one (a deadline that
    /// must end a wait that nothing else would).
    public func advance<Result: Sendable>(by step: Duration,
                                          until operation: @escaping @Sendable () async -> Result) async throws -> Result {
        let finished = Finished()
        let running = Task {
            defer { finished.set() }
            return await operation()
        }
        while !finished.isSet {
            if sleepers > 0 { advance(by: step) }
            try await Task.sleep(for: .milliseconds(1))
        }
        return await running.value
    }

    /// How many sleeps wait on the clock now.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// Waits (in real time, at most `limit`) until at least `count` sleeps wait on the clock;
    /// false when `limit` passed first.
    @discardableResult
    public func waitForSleepers(_ count: Int = 1, within limit: Duration = .seconds(20)) async throws -> Bool {
        try await waitUntil(limit) { sleepers >= count }
    }
}

/// Whether an operation has returned.
private final class Finished: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
