import Sightline
import Synchronization

/// One ``TraceStore/ingest(_:)`` call waiting for the writer, and what became of it.
final class IngestRequest: Sendable {
    let batch: PreparedBatch
    /// Spans of the call that reported tokens with a model that has no price.
    let unknownCosts: Int
    private let outcome = LockedState<Result<IngestSummary, any Error>?>(nil)

    init(batch: PreparedBatch, unknownCosts: Int = 0) {
        self.batch = batch
        self.unknownCosts = unknownCosts
    }

    var result: Result<IngestSummary, any Error>? {
        get { outcome.withLock { $0 } }
        set { outcome.withLock { $0 = newValue } }
    }
}

/// Ingest calls that have arrived and not yet been written. The writer takes them all at once,
/// so calls that arrive while a transaction is being synced share the next one (group commit).
final class IngestQueue: Sendable {
    private let waiting = LockedState<[IngestRequest]>([])

    func append(_ request: IngestRequest) {
        waiting.withLock { $0.append(request) }
    }

    func takeAll() -> [IngestRequest] {
        waiting.withLock { requests in
            defer { requests.removeAll() }
            return requests
        }
    }
}
