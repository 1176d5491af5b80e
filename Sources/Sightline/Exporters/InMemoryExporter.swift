import Synchronization

/// Keeps exported spans in memory, for tests.
public final class InMemoryExporter: SpanExporter {
    private let stored = LockedState<[FinishedSpan]>([])
    private let batches = LockedState<[SpanBatch]>([])

    /// Makes an empty exporter.
    public init() {}

    /// Keeps the batch and its spans.
    /// - Parameter batch: the spans exported.
    public func export(_ batch: SpanBatch) async throws {
        stored.withLock { $0.append(contentsOf: batch.spans) }
        batches.withLock { $0.append(batch) }
    }

    /// Every span exported so far, in export order.
    public var spans: [FinishedSpan] { stored.withLock { $0 } }

    /// Every batch exported so far (with its resource).
    public var exportedBatches: [SpanBatch] { batches.withLock { $0 } }

    /// The exported spans with this name.
    /// - Parameter name: the span name to look for.
    public func spans(named name: String) -> [FinishedSpan] {
        spans.filter { $0.name == name }
    }

    /// Forgets every span and batch kept so far.
    public func reset() {
        stored.withLock { $0.removeAll() }
        batches.withLock { $0.removeAll() }
    }
}
