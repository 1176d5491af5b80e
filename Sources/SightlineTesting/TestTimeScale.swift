import Foundation

/// How many times slower than usual the tests run: `SIGHTLINE_TEST_TIME_SCALE`, which
/// Scripts/test.sh sets under a sanitizer, and 1 otherwise. Upper time bounds (and instants a
/// test places in the future) are multiplied by it; lower bounds never are, so a test still
/// fails when a wait or a deadline is ignored.
public let testTimeScale: Int = ProcessInfo.processInfo.environment["SIGHTLINE_TEST_TIME_SCALE"]
    .flatMap { Int($0) }.map { max(1, $0) } ?? 1
