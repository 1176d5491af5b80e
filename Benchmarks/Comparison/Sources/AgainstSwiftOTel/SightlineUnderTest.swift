import Sightline
import SightlineOTLP

/// Sightline configured from ``PipelineSettings``: its own batch processor, the default
/// conventions, and either a discarding exporter or its OTLP/HTTP exporter.
struct SightlineUnderTest: ComparedSDK {
    static let name = "Sightline"
    let sdk: Sightline

    /// Accepts every batch and does nothing with it.
    private struct DiscardingExporter: SpanExporter {
        func export(_ batch: SpanBatch) async throws {}
    }

    static func start(_ settings: PipelineSettings) async throws -> SightlineUnderTest {
        let exporter: ExporterChoice
        switch settings.export {
        case .discard:
            exporter = .custom(DiscardingExporter())
        case .otlpHTTP(let url):
            OTLPExporter.register()
            exporter = .otlp(OTLPSettings(endpoint: url, tracesEndpointIsExact: true, timeout: settings.requestTimeout,
                                          compression: .none, wireProtocol: .httpProtobuf))
        }
        let sampler: any Sampler = switch settings.sampler {
        case .parentBasedAlwaysOn: ParentBasedSampler(root: AlwaysOnSampler())
        case .alwaysOff: AlwaysOffSampler()
        case .parentBasedAlwaysOff: ParentBasedSampler(root: AlwaysOffSampler())
        }
        return SightlineUnderTest(sdk: Sightline(Configuration(
            serviceName: "bench", exporter: exporter, sampler: sampler,
            batch: .init(maxQueueSize: settings.maxQueueSize, scheduleDelay: settings.scheduleDelay,
                         exportTimeout: settings.exportTimeout, maxExportBatchSize: settings.maxExportBatchSize))))
    }

    @inline(__always)
    private func fiveAttributes(_ span: Span, _ index: Int) {
        span.setAttribute("http.method", "POST")
        span.setAttribute("http.status_code", 200)
        span.setAttribute("retry", false)
        span.setAttribute("ratio", 0.75)
        span.setAttribute("index", index)
    }

    func spansInOneTrace(_ count: Int) {
        sdk.withSpan("round") { _ in
            for index in 0..<count {
                sdk.withSpan("operation") { span in fiveAttributes(span, index) }
            }
        }
    }

    func rootSpans(_ count: Int) {
        for index in 0..<count {
            sdk.withSpan("operation") { span in fiveAttributes(span, index) }
        }
    }

    func nestedAcrossAsyncLet(_ iterations: Int) async {
        for index in 0..<iterations {
            await sdk.withSpan("outer") { span in
                fiveAttributes(span, index)
                async let middle: Void = sdk.withSpan("middle") { span in
                    fiveAttributes(span, index)
                    async let inner: Void = sdk.withSpan("inner") { span in fiveAttributes(span, index) }
                    await inner
                }
                await middle
            }
        }
    }

    func concurrentTasks(_ tasks: Int, spansPerTask: Int) async {
        await sdk.withSpan("round") { _ in
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        for index in 0..<spansPerTask {
                            sdk.withSpan("operation") { span in fiveAttributes(span, index) }
                        }
                    }
                }
            }
        }
    }

    func finish() async throws -> PipelineReport {
        await sdk.flush()
        await sdk.shutdown(timeout: .seconds(60))
        let diagnostics = sdk.diagnostics
        return PipelineReport(exported: diagnostics.value(of: .spansExported),
                              droppedQueueFull: diagnostics.value(of: .spansDroppedQueueFull),
                              failedExport: diagnostics.value(of: .spansFailedExport))
    }
}
