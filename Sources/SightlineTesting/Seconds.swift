/// Seconds from `start` to `end` (by default, now), to compare with bounds written in seconds.
public func seconds(from start: ContinuousClock.Instant, to end: ContinuousClock.Instant = .now) -> Double {
    let parts = start.duration(to: end).components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}
