/// Everything the SDK needs to start: what to record, how to sample, where to export.
///
/// Build one in code, or read the standard OpenTelemetry variables with
/// ``fromEnvironment(serviceName:environment:)`` and adjust what you need: settings made in
/// code after that call win over the environment.
public struct Configuration: Sendable {
    public var serviceName: String
    /// Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`).
    public var resourceAttributes: [Attribute]
    /// When true nothing is recorded or exported (`OTEL_SDK_DISABLED`).
    public var isDisabled: Bool
    public var exporter: ExporterChoice
    public var sampler: any Sampler
    public var limits: SpanLimits
    public var batch: BatchSpanProcessor.Settings
    /// Conventions whose attribute keys are written (`SIGHTLINE_CONVENTIONS`).
    public var conventions: [Convention]
    /// Custom trace metadata is written on the root span; set true to write it on every span.
    public var customMetadataOnEverySpan: Bool
    /// When false, span inputs and outputs are dropped before they leave the process
    /// (`SIGHTLINE_CAPTURE_CONTENT=false`).
    public var captureContent: Bool
    /// More processors, run after the SDK's own export pipeline is handed each span.
    public var additionalProcessors: [any SpanProcessor]
    /// Receives SDK warnings; nil writes them to standard error.
    public var warningHandler: (@Sendable (String) -> Void)?
    /// Problems found while reading the environment. Each was replaced by its default and is
    /// also reported through the warning handler when the SDK starts.
    public var warnings: [String]

    public init(serviceName: String = "unknown_service:swift",
                exporter: ExporterChoice = .console,
                conventions: [Convention] = [.genAI],
                sampler: any Sampler = .parentBasedAlwaysOn,
                limits: SpanLimits = SpanLimits(),
                batch: BatchSpanProcessor.Settings = .init(),
                resourceAttributes: [Attribute] = [],
                customMetadataOnEverySpan: Bool = false,
                captureContent: Bool = true,
                isDisabled: Bool = false,
                additionalProcessors: [any SpanProcessor] = [],
                warningHandler: (@Sendable (String) -> Void)? = nil) {
        self.serviceName = serviceName
        self.exporter = exporter
        self.conventions = conventions
        self.sampler = sampler
        self.limits = limits
        self.batch = batch
        self.resourceAttributes = resourceAttributes
        self.customMetadataOnEverySpan = customMetadataOnEverySpan
        self.captureContent = captureContent
        self.isDisabled = isDisabled
        self.additionalProcessors = additionalProcessors
        self.warningHandler = warningHandler
        self.warnings = []
    }

    /// A configuration that records nothing.
    public static var disabled: Configuration {
        Configuration(exporter: .none, isDisabled: true)
    }

    public var resource: Resource {
        Resource(serviceName: serviceName, extra: resourceAttributes)
    }
}

/// Where spans go.
public enum ExporterChoice: Sendable {
    /// A readable tree per trace on standard output.
    case console
    /// Nowhere: spans are not recorded at all.
    case none
    /// OTLP to an endpoint. Needs the `SightlineOTLP` module, which registers itself with
    /// ``ExporterRegistry``; without it the SDK warns and falls back to the console.
    case otlp(OTLPSettings)
    /// Any exporter of yours (an ``InMemoryExporter`` in tests).
    case custom(any SpanExporter)
}

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
