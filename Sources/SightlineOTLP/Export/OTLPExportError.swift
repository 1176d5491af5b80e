/// Why ``OTLPHTTPExporter`` could not deliver a batch, or delivered only part of it.
///
/// The batch processor counts a thrown error as a failed export of the whole batch
/// (`Diagnostics.Counter.spansFailedExport`) and prints the first one through the SDK's
/// warning handler, so the description is written for a person: it names the status, the
/// server's own message and how many attempts were made.
public enum OTLPExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The settings cannot work: the endpoint is not an http(s) URL with a host, or a header
    /// name or value is not valid HTTP. Thrown by the initializer.
    case invalidSettings(String)
    /// The server refused the batch with a status that a retry would not change (a 4xx other
    /// than 429, a 5xx other than 502, 503 and 504, or a redirect). `message` is the server's
    /// own: the `message` of an OTLP `Status` body when there is one, else the body's text.
    case rejected(status: Int, message: String)
    /// Every attempt failed with a retryable status or a connection error, and the exporter
    /// stopped: the attempt limit was reached, or the next wait would have ended past the
    /// export deadline. `status` and `message` describe the last failure (`status` is nil for a
    /// connection error).
    case retriesExhausted(attempts: Int, status: Int?, message: String, stoppedBy: StopReason)
    /// The export deadline (`OTLPSettings/timeout`, or the batch's earlier `SpanBatch.deadline`)
    /// passed while a request was in flight; `after` is the time from the start of the export to it.
    case timedOut(after: Duration, attempts: Int)
    /// The server took the batch but rejected `rejectedSpans` of the `spansSent` spans
    /// (an OTLP partial-success reply); `message` is its `error_message`. The other spans were
    /// stored. Nothing is retried: the OTLP specification forbids resending such a batch.
    case partialSuccess(rejectedSpans: Int, spansSent: Int, message: String)
    /// The body could not be compressed.
    case compressionFailed(String)
    /// ``OTLPHTTPExporter/shutdown()`` was called: the exporter sends nothing more.
    case shutDown

    /// Why retries stopped.
    public enum StopReason: Sendable, Hashable {
        /// ``OTLPRetryPolicy/maximumAttempts`` requests were made.
        case attemptLimit
        /// The next wait (the backoff or the server's `Retry-After`) would have ended past the
        /// export deadline.
        case deadline(nextWait: Duration)
    }

    /// The HTTP status of the last reply, when the failure was one.
    public var status: Int? {
        switch self {
        case .rejected(let status, _): return status
        case .retriesExhausted(_, let status, _, _): return status
        default: return nil
        }
    }

    /// What the server said: its `Status` message or body text, or the partial-success
    /// `error_message`. Nil when no reply carried one.
    public var serverMessage: String? {
        switch self {
        case .rejected(_, let message), .partialSuccess(_, _, let message): return message
        case .retriesExhausted(_, let status, let message, _): return status == nil ? nil : message
        default: return nil
        }
    }

    /// A sentence that says what failed, after how many attempts, and the server's message.
    public var description: String {
        switch self {
        case .invalidSettings(let reason):
            return "invalid OTLP settings: \(reason)"
        case .rejected(let status, let message):
            return "the OTLP endpoint rejected the batch with HTTP \(status)\(Self.quoted(message)); not retried"
        case .retriesExhausted(let attempts, let status, let message, let reason):
            let last = status.map { "HTTP \($0)\(Self.quoted(message))" } ?? message
            switch reason {
            case .attemptLimit:
                return "OTLP export failed after \(attempts) attempt\(attempts == 1 ? "" : "s"); last failure: \(last)"
            case .deadline(let wait):
                return "OTLP export gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"): the next retry (in \(Self.readable(wait))) would end past the export deadline; last failure: \(last)"
            }
        case .timedOut(let timeout, let attempts):
            return "OTLP export did not finish within its deadline of \(Self.readable(timeout)) (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .partialSuccess(let rejected, let sent, let message):
            return "the OTLP endpoint rejected \(rejected) of \(sent) spans (partial success)\(Self.quoted(message)); the other spans were accepted"
        case .compressionFailed(let reason):
            return "could not gzip the OTLP request body: \(reason)"
        case .shutDown:
            return "the OTLP exporter is shut down"
        }
    }

    /// `350 ms`, `1.19 s`.
    private static func readable(_ duration: Duration) -> String {
        let milliseconds = Int((duration.seconds * 1000).rounded())
        guard milliseconds >= 1000 else { return "\(milliseconds) ms" }
        let hundredths = (milliseconds % 1000) / 10
        return "\(milliseconds / 1000).\(hundredths < 10 ? "0" : "")\(hundredths) s"
    }

    private static func quoted(_ message: String) -> String {
        message.isEmpty ? "" : ": \(message)"
    }
}
