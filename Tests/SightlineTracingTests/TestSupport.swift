import Sightline
import SightlineTracing
import Synchronization
import Testing

/// An SDK exporting into memory with a short schedule delay, and a tracer recording into it.
func makeTracedSDK(
    exporter: any SpanExporter, sampler: any Sampler = .parentBasedAlwaysOn, propagators: Propagators = Propagators(),
    batch: BatchSpanProcessor.Settings = .init(scheduleDelay: .milliseconds(20))
) -> (Sightline, SightlineTracer) {
    let configuration = Configuration(serviceName: "tracing-tests", exporter: .custom(exporter), sampler: sampler,
                                      batch: batch)
    let sightline = Sightline(configuration)
    return (sightline, SightlineTracer(sightline, propagators: propagators))
}

extension InMemoryExporter {
    /// The one exported span with this name.
    func span(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FinishedSpan {
        let matching = spans(named: name)
        try #require(matching.count == 1, "expected one span named '\(name)', found \(matching.count)",
                     sourceLocation: sourceLocation)
        return matching[0]
    }
}

extension FinishedSpan {
    /// True when `parent` is this span's parent in the same trace.
    func isChild(of parent: FinishedSpan) -> Bool {
        traceId == parent.traceId && parentSpanId == parent.spanId
    }
}

/// Delays every export, so spans are still queued when a shutdown begins.
final class SlowExporter: SpanExporter {
    private let delay: Duration
    private let exported = Mutex<[FinishedSpan]>([])

    init(delay: Duration) {
        self.delay = delay
    }

    func export(_ batch: SpanBatch) async throws {
        try await Task.sleep(for: delay)
        exported.withLock { $0 += batch.spans }
    }

    var spans: [FinishedSpan] { exported.withLock { $0 } }
}
