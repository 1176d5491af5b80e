/// Waits until `condition` holds, checking it every `interval`; false when `limit` passed
/// first. Tests wait on states and counts this way, never on a fixed sleep. An error the
/// condition throws (the awaited process died, say) ends the wait.
@discardableResult
public func waitUntil(_ limit: Duration = .seconds(20), every interval: Duration = .milliseconds(10),
                      _ condition: () async throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + limit
    while try await !condition() {
        guard ContinuousClock.now < end else { return false }
        try await Task.sleep(for: interval)
    }
    return true
}
