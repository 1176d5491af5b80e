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
    @discardableResult
    func ingest(_ spans: [CollectedSpan]) throws -> IngestSummary

    /// Shallow-merges `patch` into the trace's metadata, on top of every span, now and when
    /// more spans arrive. `.pending` when the trace has not arrived.
    @discardableResult
    func mergeMetadata(traceId: String, _ patch: MetadataPatch, labels: LabelMerge) throws -> PatchOutcome

    /// Adds labels to a trace; kept pending like any patch when the trace has not arrived.
    @discardableResult
    func addLabels(traceId: String, _ labels: [String]) throws -> PatchOutcome

    /// Adds an evaluation pushed after the trace ended.
    @discardableResult
    func addEvaluation(traceId: String, name: String, score: Double?, label: String?, explanation: String?) throws -> PatchOutcome

    /// Traces that match every condition of `filter`, newest first.
    func traces(_ filter: TraceFilter) throws -> [TraceSummary]

    /// One trace: its merged values and a page of its spans in tree order; nil when it is not stored.
    func trace(id: String, spanOffset: Int, spanLimit: Int) throws -> TraceDetail?

    /// One span of a trace, whole; nil when the trace or the span is not stored.
    func span(traceId: String, spanId: String) throws -> CollectedSpan?

    /// The traces of a conversation as turns, oldest first.
    func thread(id: String) throws -> [ConversationTurn]

    /// Totals per user, most recently seen first.
    func users() throws -> [UserSummary]

    /// What the store holds.
    func statistics() throws -> StoreStatistics

    /// The viewer's charts over the traces that started in `from..<to`.
    func overview(from: Timestamp, to: Timestamp, intervals: Int) throws -> Overview
}

/// The store cannot be reached now (a ClickHouse server down or overloaded): the collector
/// answers 503 with `Retry-After`, so that senders retry, and acknowledges nothing it did not store.
public struct TraceStoreUnavailable: Error, Sendable, CustomStringConvertible {
    /// What failed, for the log.
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "the store is unavailable: \(reason)" }
}
