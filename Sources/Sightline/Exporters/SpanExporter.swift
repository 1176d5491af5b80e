/// Ships batches of finished spans somewhere: the console, memory, an OTLP endpoint.
public protocol SpanExporter: Sendable {
    /// Exports one batch. Throw to report failure; the spans are counted as failed, not retried
    /// by the caller (an exporter that retries does so inside this call, within its deadline).
    func export(_ batch: SpanBatch) async throws
    /// Called once when the SDK shuts down.
    func shutdown() async
}

extension SpanExporter {
    public func shutdown() async {}
}

/// Spans handed to an exporter in one call, with the resource that produced them.
public struct SpanBatch: Sendable {
    public var resource: Resource
    public var spans: [FinishedSpan]

    public init(resource: Resource, spans: [FinishedSpan]) {
        self.resource = resource
        self.spans = spans
    }
}
