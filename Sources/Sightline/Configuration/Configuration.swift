/// Everything the SDK needs to start: what to record, how to sample, where to export.
///
/// Build one in code, or read the standard OpenTelemetry variables with
/// ``fromEnvironment(serviceName:environment:)`` and adjust what you need: settings made in
/// code after that call win over the environment.
public struct Configuration: Sendable {
    /// The service's name (`service.name`, `OTEL_SERVICE_NAME`), how the backends group its traces.
    public var serviceName: String
    /// Extra resource attributes (`OTEL_RESOURCE_ATTRIBUTES`).
    public var resourceAttributes: [Attribute]
    /// When true nothing is recorded or exported (`OTEL_SDK_DISABLED`).
    public var isDisabled: Bool
    /// Where finished spans go: the console, an OTLP endpoint, an exporter of your own, or nowhere
    /// (`OTEL_TRACES_EXPORTER`).
    public var exporter: ExporterChoice
    /// Decides which traces are recorded (`OTEL_TRACES_SAMPLER`); by default every trace, and
    /// a child follows its parent's decision.
    public var sampler: any Sampler
    /// Caps on attributes, events and links per span (`OTEL_SPAN_*_LIMIT`).
    public var limits: SpanLimits
    /// How the export queue batches spans (`OTEL_BSP_*`).
    public var batch: BatchSpanProcessor.Settings
    /// Conventions whose attribute keys are written (`SIGHTLINE_CONVENTIONS`).
    public var conventions: [Convention]
    /// Custom trace metadata is written on the root span; set true to write it on every span.
    public var customMetadataOnEverySpan: Bool
    /// Prices the SDK computes a span's cost from when it reported tokens and no cost: the
    /// shipped table (``ModelPriceTable``) under prices of your own (`SIGHTLINE_MODEL_PRICES`).
    public var modelPrices: ModelPrices = .builtIn
    /// Set false to leave the cost of spans that reported none unknown (`SIGHTLINE_COMPUTE_COST`).
    public var computesCost: Bool = true
    /// Maskers run on the export loop over every input, output, RAG document and custom-metadata
    /// string before any convention writes them (`SIGHTLINE_REDACT`): for instance
    /// `[.emailAddresses, .cardNumbers, .secrets]`, or ``Masker/custom(_:_:)``. None by default.
    public var maskers: [Masker] = []
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

    /// Makes a configuration in code; every parameter has the OpenTelemetry default.
    ///
    /// ```swift
    /// let configuration = Configuration(
    ///     serviceName: "chat-service",
    ///     exporter: .otlp(OTLPSettings(endpoint: "http://localhost:4318")),
    ///     conventions: [.genAI, .langWatch])
    /// ```
    /// - Parameters:
    ///   - serviceName: the service's name (``serviceName``).
    ///   - exporter: where finished spans go (``exporter``).
    ///   - conventions: whose attribute keys are written (``conventions``).
    ///   - sampler: which traces are recorded (``sampler``).
    ///   - limits: caps per span (``limits``).
    ///   - batch: the export queue's settings (``batch``).
    ///   - resourceAttributes: extra resource attributes (``resourceAttributes``).
    ///   - customMetadataOnEverySpan: write custom trace metadata on every span, not only the root.
    ///   - captureContent: false drops span inputs and outputs before they leave the process.
    ///   - isDisabled: true records and exports nothing.
    ///   - additionalProcessors: more processors, each handed every span (``additionalProcessors``).
    ///   - warningHandler: receives the SDK's warnings; nil writes them to standard error.
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

    /// The resource this configuration describes: the service name, the SDK's attributes and
    /// ``resourceAttributes``.
    public var resource: Resource {
        Resource(serviceName: serviceName, extra: resourceAttributes)
    }
}
