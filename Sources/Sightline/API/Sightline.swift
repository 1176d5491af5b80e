import Synchronization

/// The SDK: a configured pipeline (sampler, limits, conventions, processors, exporter).
///
/// Most programs call ``bootstrap(_:)`` once and then use the static ``withTrace(_:type:kind:metadata:isolation:_:)-type.method``
/// and ``withSpan(_:type:kind:isolation:_:)-type.method``. Tests and programs that need several pipelines
/// call the same methods on an instance: spans started inside inherit that instance.
public final class Sightline: Sendable {
    /// The configuration in use, with nonsensical settings already replaced by sane ones.
    public let configuration: Configuration
    /// Counters of what the pipeline did (spans started, exported, dropped, …) and its warnings.
    public let diagnostics: Diagnostics
    /// What every exported batch says about the process: service name, SDK, host attributes.
    public let resource: Resource
    let limits: SpanLimits
    private let sampler: any Sampler
    private let processors: [any SpanProcessor]
    private let startProcessors: [any SpanProcessor]
    /// False when disabled or when nothing would receive the spans.
    private let recordsSpans: Bool
    /// True when a child of a non-recording local parent is never recorded, so the parent
    /// can stand in for it (no allocation on the sampled-out path).
    @usableFromInline let skipsChildrenOfNonRecording: Bool
    /// `configuration.isDisabled`, kept apart so the inlined fast path reads one word.
    @usableFromInline let isDisabled: Bool
    private let captureContent: Bool

    /// Builds a pipeline from `configuration`. Warnings found while reading the configuration
    /// are reported through its warning handler.
    ///
    /// A nonsensical setting (a batch size of zero, a negative limit, a timeout past an hour) is
    /// replaced by a sane value with a warning; ``configuration`` holds the
    /// values in use.
    /// - Parameter configuration: the pipeline's settings; the default prints spans to the console.
    public convenience init(_ configuration: Configuration = Configuration()) {
        self.init(configuration, batchClock: ContinuousClock())
    }

    /// A pipeline whose batch processor times its schedule delay, export timeout and shutdown
    /// deadline on `batchClock`: tests pass a clock they move by hand.
    init(_ configuration: Configuration, batchClock: some Clock<Duration>) {
        let (configuration, problems) = configuration.checked()
        self.configuration = configuration
        let diagnostics = Diagnostics(warningHandler: configuration.warningHandler)
        self.diagnostics = diagnostics
        self.resource = configuration.resource
        self.limits = configuration.limits
        self.sampler = configuration.sampler
        self.captureContent = configuration.captureContent
        for warning in configuration.warnings + problems { diagnostics.warn(warning) }

        var processors: [any SpanProcessor] = []
        if !configuration.isDisabled, let exporter = Self.makeExporter(configuration.exporter, diagnostics: diagnostics) {
            var attributeProcessors: [any AttributeProcessor] = []
            if !configuration.maskers.isEmpty {
                attributeProcessors.append(RedactionProcessor(maskers: configuration.maskers, diagnostics: diagnostics))
            }
            if configuration.computesCost {
                attributeProcessors.append(CostProcessor(prices: configuration.modelPrices, diagnostics: diagnostics))
            }
            attributeProcessors += Convention.processors(for: configuration.conventions,
                                                         customMetadataOnEverySpan: configuration.customMetadataOnEverySpan)
            processors.append(BatchSpanProcessor(
                exporter: exporter, resource: configuration.resource, settings: configuration.batch,
                attributeProcessors: attributeProcessors, diagnostics: diagnostics, clock: batchClock))
        }
        if !configuration.isDisabled { processors += configuration.additionalProcessors }
        self.processors = processors
        self.startProcessors = processors.filter(\.wantsOnStart)
        self.recordsSpans = !processors.isEmpty
        self.skipsChildrenOfNonRecording = !recordsSpans || configuration.sampler.followsLocalParent
        self.isDisabled = configuration.isDisabled
    }

    private static func makeExporter(_ choice: ExporterChoice, diagnostics: Diagnostics) -> (any SpanExporter)? {
        switch choice {
        case .none: return nil
        case .console: return ConsoleExporter()
        case .custom(let exporter): return exporter
        case .otlp(let settings):
            guard let factory = ExporterRegistry.otlpFactory else {
                diagnostics.warn("OTLP export needs the SightlineOTLP module (call OTLPExporter.register()); printing to the console instead")
                return ConsoleExporter()
            }
            do {
                return try factory(settings)
            } catch {
                diagnostics.warn("OTLP exporter for \(settings.tracesURL) could not start: \(error); printing to the console instead")
                return ConsoleExporter()
            }
        }
    }

    // MARK: Global instance

    private static let bootstrapped = LockedState<Sightline?>(nil)

    /// An SDK that records nothing: what the static API uses before ``bootstrap(_:)``.
    static let unconfigured = Sightline(.disabled)

    /// The span every disabled SDK hands out: invalid ids, records nothing, shared.
    @usableFromInline static let disabledSpan = Span(
        name: "", context: SpanContext(traceId: .invalid, spanId: .invalid, isSampled: false), parentSpanId: nil,
        isLocalRoot: true, kind: .internal, type: .span, scope: .sightline, startTime: Timestamp(nanosecondsSinceEpoch: 0),
        trace: Trace(id: .invalid, metadata: TraceMetadata(), acceptsUpdates: false), isRecording: false, owner: unconfigured)

    /// Builds the SDK and makes it the one the static API uses.
    ///
    /// ```swift
    /// try Sightline.bootstrap(Configuration(serviceName: "chat-service", exporter: .console))
    /// ```
    /// - Parameter configuration: the pipeline's settings.
    /// - Returns: the SDK, for ``flush()`` and ``shutdown(timeout:)`` when the program ends.
    /// - Throws: ``SightlineError/alreadyBootstrapped`` on a second call.
    @discardableResult
    public static func bootstrap(_ configuration: Configuration) throws -> Sightline {
        try bootstrapped.withLock { current in
            guard current == nil else { throw SightlineError.alreadyBootstrapped }
            let sdk = Sightline(configuration)
            current = sdk
            return sdk
        }
    }

    /// The bootstrapped SDK, or a disabled one before ``bootstrap(_:)``.
    public static var shared: Sightline {
        if let sdk = bootstrapped.withLock({ $0 }) { return sdk }
        unconfigured.diagnostics.warnOnce("not-bootstrapped", "Sightline.bootstrap(_:) has not been called: spans are not recorded")
        return unconfigured
    }

    /// The SDK that a span started now belongs to: the active span's, else the shared one.
    @usableFromInline static var current: Sightline {
        ActiveSpan.current?.owner ?? shared
    }

    // MARK: Lifecycle

    /// Returns when every span that ended before the call has been exported (or has failed).
    public func flush() async {
        for processor in processors { await processor.forceFlush() }
    }

    /// Flushes, then stops every processor and exporter. Returns within `timeout` even when
    /// the endpoint is dead; spans that end afterwards are dropped and counted.
    /// - Parameter timeout: how long the last export may take. A negative timeout is taken as
    ///   zero, one past an hour as an hour.
    public func shutdown(timeout: Duration = .seconds(30)) async {
        let timeout = min(max(timeout, .zero), SettingChecks.longestDuration)
        for processor in processors { await processor.shutdown(timeout: timeout) }
    }

    // MARK: Span creation

    /// Creates a span. `parent` nil starts a new trace with `metadata`.
    @usableFromInline
    func makeSpan(name: String, type: SpanType, kind: SpanKind, parent: Span?, metadata: TraceMetadata?,
                  scope: InstrumentationScope = .sightline, startTime: Timestamp? = nil) -> Span {
        if !recordsSpans && configuration.isDisabled { return Sightline.disabledSpan }
        // A parent from a disabled SDK has no valid ids: start a trace of our own instead.
        let parent = parent?.context.isValid == true ? parent : nil
        let parentContext = parent?.context
        let traceId = parentContext?.traceId ?? .random()
        let sampled = recordsSpans && sampler.shouldSample(parent: parentContext, traceId: traceId, name: name, kind: kind)
        let context = SpanContext(traceId: traceId, spanId: .random(), isSampled: sampled,
                                  traceState: parentContext?.traceState ?? "")
        let trace = parent?.trace ?? Trace(id: traceId, metadata: metadata ?? TraceMetadata())
        let span = Span(name: name, context: context, parentSpanId: parentContext?.spanId,
                        isLocalRoot: parent == nil || parentContext?.isRemote == true, kind: kind, type: type,
                        scope: scope, startTime: sampled ? startTime ?? .now() : Timestamp(nanosecondsSinceEpoch: 0),
                        trace: trace, isRecording: sampled, owner: self)
        if sampled {
            diagnostics.increment(.spansStarted)
            for processor in startProcessors { processor.onStart(span) }
        } else if recordsSpans {
            diagnostics.increment(.spansSampledOut)
        }
        return span
    }

    func spanEnded(_ finished: FinishedSpan) {
        diagnostics.increment(.spansEnded)
        if captureContent {
            for processor in processors { processor.onEnd(finished) }
        } else {
            var redacted = finished
            redacted.input = nil
            redacted.output = nil
            for processor in processors { processor.onEnd(redacted) }
        }
    }
}

/// Errors the SDK throws.
public enum SightlineError: Error, Equatable, CustomStringConvertible {
    /// ``Sightline/bootstrap(_:)`` was called a second time; the first SDK stays in use.
    case alreadyBootstrapped

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .alreadyBootstrapped: return "Sightline.bootstrap(_:) was called twice; keep the first instance"
        }
    }
}
