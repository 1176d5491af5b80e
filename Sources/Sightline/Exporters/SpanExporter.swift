/// Ships batches of finished spans somewhere: the console, memory, an OTLP endpoint.
public protocol SpanExporter: Sendable {
    /// Exports one batch. Throw to report failure; the spans are counted as failed, not retried
    /// by the caller (an exporter that retries does so inside this call, within
    /// ``SpanBatch/deadline``).
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
    /// The instant by which the export must have ended, retries and waits included; nil when
    /// the caller set none. The batch processor sets it from `BatchSettings.exportTimeout`
    /// and gives up waiting at that instant; an exporter that sends over a network passes it
    /// down to its requests instead of keeping timeouts of its own.
    public var deadline: ContinuousClock.Instant?

    public init(resource: Resource, spans: [FinishedSpan], deadline: ContinuousClock.Instant? = nil) {
        self.resource = resource
        self.spans = spans
        self.deadline = deadline
    }
}
