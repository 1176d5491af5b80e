/// How ``OTLPHTTPExporter`` retries a batch that the endpoint could not take yet.
///
/// A request is retried after HTTP 429, 502, 503 or 504 and after a connection error
/// (refused, reset, closed before the reply). Every other status is final. Waits grow
/// exponentially with jitter: before retry *n* the exporter waits a random time between
/// `(1 - jitter) × b` and `b`, where `b = min(initialBackoff × multiplier^(n-1), maximumBackoff)`.
/// With the defaults that is 0.25–0.5 s, 0.5–1 s, 1–2 s, 2–4 s, then 2.5–5 s.
///
/// A `Retry-After` header (seconds or an HTTP date) on a retryable reply replaces the
/// computed wait. Retries never outlast the export's one deadline (`OTLPSettings/timeout`, or
/// the batch's `SpanBatch.deadline` when earlier): the exporter checks it before every attempt,
/// and when the next wait would end past it, gives up at once instead of sleeping.
public struct OTLPRetryPolicy: Sendable, Hashable {
    /// Requests per export at most, the first one included; 1 turns retries off.
    public var maximumAttempts: Int
    /// The wait before the first retry, before jitter.
    public var initialBackoff: Duration
    /// The longest wait between two attempts, before jitter.
    public var maximumBackoff: Duration
    /// How much each wait grows over the one before.
    public var multiplier: Double
    /// The fraction of each wait that is random, between 0 (none) and 1 (anything from zero up).
    public var jitter: Double

    /// - Parameters:
    ///   - maximumAttempts: requests per export at most (at least 1); 6 by default.
    ///   - initialBackoff: 500 ms by default.
    ///   - maximumBackoff: 5 s by default.
    ///   - multiplier: 2 by default.
    ///   - jitter: 0.5 by default: each wait is between half and all of its backoff.
    public init(maximumAttempts: Int = 6, initialBackoff: Duration = .milliseconds(500),
                maximumBackoff: Duration = .seconds(5), multiplier: Double = 2, jitter: Double = 0.5) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = max(.zero, initialBackoff)
        self.maximumBackoff = max(self.initialBackoff, maximumBackoff)
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The defaults described above.
    public static let `default` = OTLPRetryPolicy()

    /// One attempt per export, no retry.
    public static let never = OTLPRetryPolicy(maximumAttempts: 1)

    /// The backoff before retry number `retry` (1 for the first retry), before jitter.
    ///
    /// - Parameter retry: which retry, 1 for the first.
    /// - Returns: `initialBackoff × multiplier^(retry-1)`, at most `maximumBackoff`.
    public func backoff(beforeRetry retry: Int) -> Duration {
        let initial = initialBackoff.seconds
        let maximum = maximumBackoff.seconds
        var seconds = initial
        var step = 1
        while step < retry && seconds < maximum {
            seconds *= multiplier
            step += 1
        }
        return .seconds(min(seconds, maximum))
    }

    /// The wait before retry number `retry`: ``backoff(beforeRetry:)`` with jitter applied.
    ///
    /// - Parameters:
    ///   - retry: which retry, 1 for the first.
    ///   - generator: the source of the jitter; a seeded one makes the waits repeatable.
    /// - Returns: a wait between `(1 - jitter)` times the backoff and the backoff.
    public func delay<Generator: RandomNumberGenerator>(beforeRetry retry: Int, using generator: inout Generator) -> Duration {
        let backoff = backoff(beforeRetry: retry).seconds
        let factor = jitter == 0 ? 1 : Double.random(in: (1 - jitter)...1, using: &generator)
        return .seconds(backoff * factor)
    }

    /// The wait before retry number `retry`, with the system's random numbers.
    ///
    /// - Parameter retry: which retry, 1 for the first.
    /// - Returns: a wait between `(1 - jitter)` times the backoff and the backoff.
    public func delay(beforeRetry retry: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(beforeRetry: retry, using: &generator)
    }
}
