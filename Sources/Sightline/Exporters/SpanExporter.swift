/// Ships batches of finished spans somewhere: the console, memory, an OTLP endpoint.
public protocol SpanExporter: Sendable {
    /// Exports one batch. Throw to report failure; the spans are counted as failed, not retried
    /// by the caller (an exporter that retries does so inside this call, within
    /// ``SpanBatch/deadline``).
    ///
    /// ```swift
    /// struct LineExporter: SpanExporter {
    ///     func export(_ batch: SpanBatch) async throws {
    ///         for span in batch.spans { print(span.name, span.durationNanoseconds) }
    ///     }
    /// }
    /// ```
    /// - Parameter batch: the spans, with the resource that produced them.
    /// - Throws: any error, when the batch could not be delivered.
    func export(_ batch: SpanBatch) async throws
    /// Called once when the SDK shuts down.
    func shutdown() async
}

extension SpanExporter {
    /// Does nothing: an exporter without resources to release need not implement it.
    public func shutdown() async {}
}

/// Spans handed to an exporter in one call, with the resource that produced them.
public struct SpanBatch: Sendable {
    /// The service and SDK that produced the spans.
    public var resource: Resource
    /// The spans, in the order they ended.
    public var spans: [FinishedSpan]
    /// The instant by which the export must have ended, retries and waits included; nil when
    /// the caller set none. The batch processor sets it from `BatchSettings.exportTimeout`
    /// and gives up waiting at that instant; an exporter that sends over a network passes it
    /// down to its requests instead of keeping timeouts of its own.
    public var deadline: ContinuousClock.Instant?

    /// Groups spans with their resource.
    /// - Parameters:
    ///   - resource: the service and SDK that produced the spans.
    ///   - spans: the spans.
    ///   - deadline: the instant by which the export must have ended; nil for none.
    public init(resource: Resource, spans: [FinishedSpan], deadline: ContinuousClock.Instant? = nil) {
        self.resource = resource
        self.spans = spans
        self.deadline = deadline
    }
}
