/// Waits until `condition` holds, checking every 10 ms; false when `limit` passed first.
/// Tests wait on states and counts this way, never on a fixed sleep.
@discardableResult
public func waitUntil(_ limit: Duration = .seconds(20), _ condition: () -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < end else { return false }
        try await Task.sleep(for: .milliseconds(10))
    }
    return true
}
