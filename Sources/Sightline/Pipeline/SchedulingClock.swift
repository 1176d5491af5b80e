/// The clock a ``BatchSpanProcessor``'s timers and deadlines run on: the continuous clock, or
/// any other clock measured in `Duration` (a test's manual clock).
///
/// Instants are durations since the processor was made. With the continuous clock, reading the
/// time is a direct call; only another clock goes through stored closures, so `onEnd` costs the
/// same as before clocks could be injected.
struct SchedulingClock: Sendable {
    private struct Injected: Sendable {
        let now: @Sendable () -> Duration
        let sleepUntil: @Sendable (Duration) async throws -> Void
    }

    private let origin = ContinuousClock.now
    private let injected: Injected?

    static var continuous: SchedulingClock { SchedulingClock(injected: nil) }

    private init(injected: Injected?) {
        self.injected = injected
    }

    init<C: Clock<Duration>>(_ clock: C) {
        if clock is ContinuousClock {
            self.init(injected: nil)
            return
        }
        let start = clock.now
        self.init(injected: Injected(now: { start.duration(to: clock.now) },
                                     sleepUntil: { try await clock.sleep(until: start.advanced(by: $0), tolerance: nil) }))
    }

    /// Time since the processor was made.
    var now: Duration {
        guard let injected else { return origin.duration(to: .now) }
        return injected.now()
    }

    func sleep(until instant: Duration) async throws {
        guard let injected else { return try await Task.sleep(until: origin + instant, clock: .continuous) }
        try await injected.sleepUntil(instant)
    }

    func sleep(for duration: Duration) async throws {
        try await sleep(until: now + duration)
    }
}
