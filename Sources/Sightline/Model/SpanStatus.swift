/// The outcome of a span, as OTLP's `Status` carries it.
public enum SpanStatus: Sendable, Hashable {
    /// Nothing was said; backends treat it as success.
    case unset
    case ok
    case error(description: String)

    public var isError: Bool {
        if case .error = self { return true }
        return false
    }
}
