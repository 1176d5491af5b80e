import Sightline

/// What the collector needs from a store: the seam between the routes, the `sightline` query
/// commands and the viewer above it, and the stores below it (``TraceStore`` on SQLite,
/// ``ClickHouseTraceStore`` on ClickHouse). Nothing above it knows which store it talks to.
///
/// Every store merges the same way: a trace's user, thread, customer and each custom metadata
/// key take the root span's value, else the latest-ending span's (ties by span id); labels are
/// the union of every span's; post-hoc patches apply on top, the later patch winning, and wait
/// for a trace that has not arrived (for ``pendingPatchLifetime``). The answer never depends on
/// the order spans arrive in or how they are batched.
///
/// Calls are synchronous and thread-safe; each may block its thread for a round trip or a disk
/// sync, so callers on a concurrency pool run them on threads of their own (as the server does).
public protocol TraceStoring: Sendable {
    /// How long a patch for a trace that has not arrived is kept.
    var pendingPatchLifetime: Duration { get }

    /// Stores spans and merges their trace-level values into their traces. When this returns,
    /// the spans are stored durably; a span already stored under the same trace and span id (a
    /// retried batch) is stored once.
    /// - Parameter spans: normalized spans, from any number of traces, in any order.
    /// - Returns: what was stored, refused and applied, for the reply and the log.
    /// - Throws: ``TraceStoreUnavailable`` when the store cannot be reached now; a store error
    ///   otherwise. Nothing is acknowledged when it throws.
    @discardableResult
    func ingest(_ spans: [CollectedSpan]) throws -> IngestSummary

    /// Shallow-merges `patch` into the trace's metadata, on top of every span, now and when
    /// more spans arrive. `.pending` when the trace has not arrived.
    /// - Parameters:
    ///   - traceId: the trace, as 32 lowercase hex digits.
    ///   - patch: user, thread, customer and custom metadata to set (a null value removes a key).
    ///   - labels: labels to add to the trace's, or to replace them with.
    /// - Returns: whether the patch applied now or waits for its trace.
    /// - Throws: ``TraceStoreUnavailable`` when the store cannot be reached; a store error otherwise.
    @discardableResult
    func mergeMetadata(traceId: String, _ patch: MetadataPatch, labels: LabelMerge) throws -> PatchOutcome

    /// Adds an evaluation pushed after the trace ended.
    /// - Parameters:
    ///   - traceId: the trace, as 32 lowercase hex digits.
    ///   - name: what was evaluated.
    ///   - score: the score, when the evaluation has one.
    ///   - label: the verdict, when it has one.
    ///   - explanation: why, when the evaluator said.
    /// - Returns: whether the evaluation applied now or waits for its trace.
    /// - Throws: ``TraceStoreUnavailable`` when the store cannot be reached; a store error otherwise.
    @discardableResult
    func addEvaluation(traceId: String, name: String, score: Double?, label: String?, explanation: String?) throws -> PatchOutcome

    /// Traces that match every condition of `filter`, newest first.
    /// - Parameter filter: the conditions, the page size and the cursor.
    /// - Returns: one summary per matching trace, at most the filter's limit.
    /// - Throws: a store error.
    func traces(_ filter: TraceFilter) throws -> [TraceSummary]

    /// One trace: its merged values and a page of its spans in tree order; nil when it is not stored.
    /// - Parameters:
    ///   - id: the trace id, as 32 lowercase hex digits.
    ///   - spanOffset: how many spans of the tree order to skip.
    ///   - spanLimit: how many spans to return at most.
    /// - Returns: the trace with the page of spans, or nil.
    /// - Throws: a store error.
    func trace(id: String, spanOffset: Int, spanLimit: Int) throws -> TraceDetail?

    /// One span of a trace, whole; nil when the trace or the span is not stored.
    /// - Parameters:
    ///   - traceId: the trace id, as 32 lowercase hex digits.
    ///   - spanId: the span id, as 16 lowercase hex digits.
    /// - Returns: the span with every stored value, or nil.
    /// - Throws: a store error.
    func span(traceId: String, spanId: String) throws -> CollectedSpan?

    /// The traces of a conversation as turns, oldest first.
    /// - Parameter id: the thread (conversation) id.
    /// - Returns: one turn per trace of the thread.
    /// - Throws: a store error.
    func thread(id: String) throws -> [ConversationTurn]

    /// Totals per user, most recently seen first.
    /// - Returns: one summary per user.
    /// - Throws: a store error.
    func users() throws -> [UserSummary]

    /// What the store holds.
    /// - Returns: counts of traces, spans and pending patches.
    /// - Throws: a store error.
    func statistics() throws -> StoreStatistics

    /// The viewer's charts over the traces that started in `from..<to`.
    /// - Parameters:
    ///   - from: the start of the window.
    ///   - to: the end of the window, not included.
    ///   - intervals: how many equal buckets the window is cut into.
    /// - Returns: the counts, costs and latencies per bucket.
    /// - Throws: a store error.
    func overview(from: Timestamp, to: Timestamp, intervals: Int) throws -> Overview
}

extension TraceStoring {
    /// Adds labels to a trace; kept pending like any patch when the trace has not arrived.
    /// - Parameters:
    ///   - traceId: the trace, as 32 lowercase hex digits.
    ///   - labels: the labels to add; those the trace has already are kept once.
    /// - Returns: whether the labels applied now or wait for their trace.
    /// - Throws: ``TraceStoreUnavailable`` when the store cannot be reached; a store error otherwise.
    @discardableResult
    public func addLabels(traceId: String, _ labels: [String]) throws -> PatchOutcome {
        try mergeMetadata(traceId: traceId, MetadataPatch(labels: LabelUnion(labels).labels), labels: .union)
    }
}

/// The store cannot be reached now (a ClickHouse server down or overloaded): the collector
/// answers 503 with `Retry-After`, so that senders retry, and acknowledges nothing it did not store.
public struct TraceStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, for the log.
    public var reason: String

    /// Says why the store is unavailable.
    /// - Parameter reason: what failed, for the log.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason, in a sentence.
    public var description: String { "the store is unavailable: \(reason)" }
}
