import Foundation
import Sightline
import SightlineOTLP
import Synchronization
import Testing

/// Helpers shared by the reliability tests.
enum Reliability {
    /// Waits until `condition` holds, checking every 10 ms; false when `limit` passed first.
    /// Tests wait on states and counts this way, never on a fixed sleep.
    @discardableResult
    static func waitUntil(_ limit: Duration = .seconds(20), _ condition: () -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < end else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let parts = start.duration(to: .now).components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// A retry policy that keeps trying quickly: an outage of a few seconds stays inside one export.
    /// `SIGHTLINE_TEST_TIME_SCALE` (set by Scripts/test.sh under a sanitizer), else 1: deadlines
    /// that only bound a test's run, not what it checks, are stretched by it.
    static let timeScale: Int = ProcessInfo.processInfo.environment["SIGHTLINE_TEST_TIME_SCALE"]
        .flatMap { Int($0) }.map { max(1, $0) } ?? 1

    static let quickRetries = OTLPRetryPolicy(maximumAttempts: 10_000, initialBackoff: .milliseconds(20),
                                              maximumBackoff: .milliseconds(100))

    /// An SDK exporting through `exporter`, with no convention processors (spans go out as recorded).
    static func sdk(exporter: OTLPHTTPExporter, batch: BatchSpanProcessor.Settings, limits: SpanLimits = SpanLimits(),
                    warnings: Warnings = Warnings()) -> Sightline {
        Sightline(Configuration(serviceName: "reliability", exporter: .custom(exporter), conventions: [],
                                limits: limits, batch: batch, warningHandler: { warnings.append($0) }))
    }

    /// Ends `count` spans, each in a trace of its own, and returns their ids.
    static func endSpans(_ count: Int, in sdk: Sightline, prefix: String = "span") -> [SpanID] {
        (0..<count).map { index in
            let span = sdk.startSpan("\(prefix) \(index)")
            span.setAttribute("index", index)
            span.end()
            return span.spanId
        }
    }
}

/// Collects SDK warnings.
final class Warnings: Sendable {
    private let messages = Mutex<[String]>([])
    func append(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
}

/// Runs blocking work (waiting on a child process) on a Dispatch thread, so that no thread of
/// the concurrency pool (two here, shared by every test) is held.
func offConcurrencyPool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
    }
}

/// How many times each element occurs.
func occurrences<Element: Hashable>(_ elements: [Element]) -> [Element: Int] {
    elements.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}
