/// The outcome of a span, as OTLP's `Status` carries it.
public enum SpanStatus: Sendable, Hashable {
    /// Nothing was said; backends treat it as success.
    case unset
    /// Marked successful; OpenTelemetry treats it as final.
    case ok
    /// Failed, with a description of what went wrong.
    case error(description: String)

    /// True for ``error(description:)``.
    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
