import Logging
import OTel
import ServiceLifecycle
import Tracing

/// swift-otel configured from ``PipelineSettings`` as its documentation shows: start from
/// `OTel.Configuration.default`, set the traces options, build the tracing backend and run its
/// service. Spans are made on the tracer that `OTel.makeTracingBackend` returns, as swift-otel's
/// own benchmarks do; attributes are set in one `updateAttributes` call, the form Tracing
/// documents as the cheap one (one lock round trip instead of five).
struct SwiftOTelUnderTest: ComparedSDK {
    static let name = "swift-otel"
    let tracer: any Tracer
    let group: ServiceGroup
    let running: Task<Void, any Error>
    let diagnostics: SwiftOTelDiagnostics

    static func start(_ settings: PipelineSettings) async throws -> SwiftOTelUnderTest {
        let diagnostics = SwiftOTelDiagnostics()
        var configuration = OTel.Configuration.default
        configuration.serviceName = "bench"
        configuration.diagnosticLogger = .custom(diagnostics.logger)
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.sampler = switch settings.sampler {
        case .parentBasedAlwaysOn: .parentBasedAlwaysOn
        case .alwaysOff: .alwaysOff
        case .parentBasedAlwaysOff: .parentBasedAlwaysOff
        }
        configuration.traces.batchSpanProcessor.maxQueueSize = settings.maxQueueSize
        configuration.traces.batchSpanProcessor.maxExportBatchSize = settings.maxExportBatchSize
        configuration.traces.batchSpanProcessor.scheduleDelay = settings.scheduleDelay
        configuration.traces.batchSpanProcessor.exportTimeout = settings.exportTimeout
        switch settings.export {
        case .discard:
            configuration.traces.exporter = .none
        case .otlpHTTP(let url):
            configuration.traces.exporter = .otlp
            configuration.traces.otlpExporter.endpoint = url
            configuration.traces.otlpExporter.protocol = .httpProtobuf
            configuration.traces.otlpExporter.compression = .none
            configuration.traces.otlpExporter.timeout = settings.requestTimeout
        }
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        var quiet = Logger(label: "service-group")
        quiet.logLevel = .critical
        let group = ServiceGroup(services: [backend.service], logger: quiet)
        let running = Task { try await group.run() }
        return SwiftOTelUnderTest(tracer: backend.factory, group: group, running: running, diagnostics: diagnostics)
    }

    // Each workload opens the tracer existential once and runs on the concrete tracer.

    func spansInOneTrace(_ count: Int) { Self.spansInOneTrace(tracer, count) }
    func rootSpans(_ count: Int) { Self.rootSpans(tracer, count) }
    func nestedAcrossAsyncLet(_ iterations: Int) async { await Self.nestedAcrossAsyncLet(tracer, iterations) }
    func concurrentTasks(_ tasks: Int, spansPerTask: Int) async {
        await Self.concurrentTasks(tracer, tasks, spansPerTask)
    }

    @inline(__always)
    private static func fiveAttributes(_ span: some Span, _ index: Int) {
        span.updateAttributes { attributes in
            attributes["http.method"] = "POST"
            attributes["http.status_code"] = 200
            attributes["retry"] = false
            attributes["ratio"] = 0.75
            attributes["index"] = index
        }
    }

    private static func spansInOneTrace<T: Tracer>(_ tracer: T, _ count: Int) {
        tracer.withSpan("round") { _ in
            for index in 0..<count {
                tracer.withSpan("operation") { span in fiveAttributes(span, index) }
            }
        }
    }

    private static func rootSpans<T: Tracer>(_ tracer: T, _ count: Int) {
        for index in 0..<count {
            tracer.withSpan("operation") { span in fiveAttributes(span, index) }
        }
    }

    private static func nestedAcrossAsyncLet<T: Tracer>(_ tracer: T, _ iterations: Int) async {
        for index in 0..<iterations {
            await tracer.withSpan("outer") { span in
                fiveAttributes(span, index)
                async let middle: Void = tracer.withSpan("middle") { span in
                    fiveAttributes(span, index)
                    async let inner: Void = tracer.withSpan("inner") { span in fiveAttributes(span, index) }
                    await inner
                }
                await middle
            }
        }
    }

    private static func concurrentTasks<T: Tracer>(_ tracer: T, _ tasks: Int, _ spansPerTask: Int) async {
        await tracer.withSpan("round") { _ in
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for index in 0..<spansPerTask {
                            tracer.withSpan("operation") { span in fiveAttributes(span, index) }
                        }
                    }
                }
            }
        }
    }

    /// A graceful shutdown is swift-otel's way to export everything queued: its batch processor
    /// force-flushes on shutdown (a timed flush ships one batch per `scheduleDelay`).
    func finish() async throws -> PipelineReport {
        await group.triggerGracefulShutdown()
        try await running.value
        for warning in diagnostics.warnings { log("swift-otel diagnostics: \(warning)") }
        return PipelineReport(exported: nil,
                              droppedQueueFull: diagnostics.droppedQueueFull.load(ordering: .relaxed),
                              failedExport: diagnostics.failedSpans.load(ordering: .relaxed))
    }
}
