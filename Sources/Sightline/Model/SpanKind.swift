/// The OpenTelemetry span kind: the span's role in a call between services.
public enum SpanKind: Int, Sendable, Hashable, CaseIterable {
    case `internal` = 1
    case server = 2
    case client = 3
    case producer = 4
    case consumer = 5
}
