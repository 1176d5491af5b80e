/// OTLP exporter settings, read from `OTEL_EXPORTER_OTLP_*` or set in code.
public struct OTLPSettings: Sendable, Hashable {
    public enum WireProtocol: String, Sendable, Hashable {
        case httpProtobuf = "http/protobuf"
        case httpJSON = "http/json"
    }

    public enum Compression: String, Sendable, Hashable {
        case none
        case gzip
    }

    /// The base endpoint; `/v1/traces` is appended unless ``tracesEndpointIsExact``.
    public var endpoint: String
    /// True when ``endpoint`` is the full traces URL (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
    public var tracesEndpointIsExact: Bool
    public var headers: [String: String]
    public var timeout: Duration
    public var compression: Compression
    public var wireProtocol: WireProtocol

    public init(endpoint: String = "http://localhost:4318", tracesEndpointIsExact: Bool = false,
                headers: [String: String] = [:], timeout: Duration = .seconds(10),
                compression: Compression = .none, wireProtocol: WireProtocol = .httpProtobuf) {
        self.endpoint = endpoint
        self.tracesEndpointIsExact = tracesEndpointIsExact
        self.headers = headers
        self.timeout = timeout
        self.compression = compression
        self.wireProtocol = wireProtocol
    }

    /// The URL spans are POSTed to.
    public var tracesURL: String {
        if tracesEndpointIsExact { return endpoint }
        return (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/v1/traces"
    }
}
