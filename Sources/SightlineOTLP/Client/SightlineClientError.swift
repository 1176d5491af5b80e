/// Why ``SightlineClient`` could not attach metadata, labels or an evaluation to a trace.
public enum SightlineClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The backend's settings cannot work: the URL is not an http(s) URL with a host, or the
    /// API key holds a line break. Thrown by the initializer.
    case invalidBackend(String)
    /// The trace id is the all-zero id, which no backend stores.
    case invalidTraceID
    /// The backend refused the credentials (HTTP 401 or 403); `message` is its own.
    case unauthorized(status: Int, message: String)
    /// The backend does not know the trace (HTTP 404). Laminar answers so until the trace's
    /// spans have arrived: flush the SDK before pushing.
    case traceNotFound(traceId: String, message: String)
    /// The backend answered with another status that is not a success; `message` is its own.
    case rejected(status: Int, message: String)
    /// No reply: the connection could not be made or broke.
    case network(String)
    /// No reply within the client's timeout.
    case timedOut(after: Duration)
    /// ``SightlineClient/shutdown()`` was called.
    case shutDown
    /// The backend has no API in this client for the call (``SightlineClient/pushEvaluation(traceId:name:score:label:explanation:)``
    /// on LangWatch or Laminar); the text says what to do instead. Nothing was sent.
    case unsupported(String)
    /// An evaluation to push had an empty name or a score that is not a finite number; nothing was sent.
    case invalidEvaluation(String)

    /// The HTTP status of the reply, when the failure was one.
    public var status: Int? {
        switch self {
        case .unauthorized(let status, _), .rejected(let status, _): return status
        case .traceNotFound: return 404
        default: return nil
        }
    }

    /// A sentence that says what failed and, where the server said why, its message.
    public var description: String {
        switch self {
        case .invalidBackend(let reason):
            return "invalid backend settings: \(reason)"
        case .invalidTraceID:
            return "the trace id is all zeros, which is not a valid trace id"
        case .unauthorized(let status, let message):
            return "the backend refused the API key with HTTP \(status)\(Self.quoted(message)): check the key and that the trace belongs to its project"
        case .traceNotFound(let traceId, let message):
            return "trace \(traceId) was not found (HTTP 404\(Self.quoted(message))): it may not have arrived yet; flush the SDK before pushing"
        case .rejected(let status, let message):
            return "the backend rejected the request with HTTP \(status)\(Self.quoted(message))"
        case .network(let reason):
            return "could not reach the backend: \(reason)"
        case .timedOut(let timeout):
            let milliseconds = Int(timeout.seconds * 1000)
            return "the backend did not answer within \(milliseconds) ms"
        case .shutDown:
            return "the client is shut down"
        case .unsupported(let reason):
            return reason
        case .invalidEvaluation(let reason):
            return "invalid evaluation: \(reason)"
        }
    }

    private static func quoted(_ message: String) -> String {
        message.isEmpty ? "" : ": \(message)"
    }
}
