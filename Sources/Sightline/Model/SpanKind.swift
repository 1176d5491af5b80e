/// The OpenTelemetry span kind: the span's role in a call between services.
public enum SpanKind: Int, Sendable, Hashable, CaseIterable {
    /// Work inside the process (the default).
    case `internal` = 1
    /// Serving a request from another process.
    case server = 2
    /// A request to another service, such as a model provider.
    case client = 3
    /// Sending a message that another process handles later.
    case producer = 4
    /// Handling a message a producer sent.
    case consumer = 5
}
