/// OTLP exporter settings, read from `OTEL_EXPORTER_OTLP_*` or set in code.
public struct OTLPSettings: Sendable, Hashable {
    /// How spans are encoded on the wire (`OTEL_EXPORTER_OTLP_PROTOCOL`).
    public enum WireProtocol: String, Sendable, Hashable {
        /// Protobuf over HTTP, the OpenTelemetry default.
        case httpProtobuf = "http/protobuf"
        /// OTLP/JSON over HTTP.
        case httpJSON = "http/json"
    }

    /// Whether request bodies are compressed (`OTEL_EXPORTER_OTLP_COMPRESSION`).
    public enum Compression: String, Sendable, Hashable {
        /// Bodies are sent as they are.
        case none
        /// Bodies are gzip-compressed (`Content-Encoding: gzip`).
        case gzip
    }

    /// The base endpoint; `/v1/traces` is appended unless ``tracesEndpointIsExact``.
    public var endpoint: String
    /// True when ``endpoint`` is the full traces URL (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
    public var tracesEndpointIsExact: Bool
    /// Headers sent with every export, such as `Authorization` (`OTEL_EXPORTER_OTLP_HEADERS`).
    public var headers: [String: String]
    /// How long one export may take, retries included (`OTEL_EXPORTER_OTLP_TIMEOUT`).
    public var timeout: Duration
    /// Whether request bodies are compressed.
    public var compression: Compression
    /// How spans are encoded on the wire.
    public var wireProtocol: WireProtocol

    /// Makes OTLP settings in code; the defaults are the OpenTelemetry ones.
    /// - Parameters:
    ///   - endpoint: the collector's base URL; `/v1/traces` is appended unless `tracesEndpointIsExact`.
    ///   - tracesEndpointIsExact: true when `endpoint` is already the full traces URL.
    ///   - headers: headers sent with every export.
    ///   - timeout: how long one export may take, retries included.
    ///   - compression: whether request bodies are gzip-compressed.
    ///   - wireProtocol: protobuf or JSON.
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
