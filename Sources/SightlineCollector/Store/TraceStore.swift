import Foundation
import GRDB
import Sightline

/// The collector's database: traces and spans in SQLite (through GRDB), with trace-level
/// metadata merged deterministically and indexed for filtering.
///
/// **Durability.** The database runs in WAL mode with `synchronous = FULL`: when a call that
/// writes returns, its transaction has been synced to disk. So a batch the receiver acknowledged
/// survives a crash or a power cut. (`NORMAL`, the usual WAL setting, only guarantees that the
/// database stays consistent: the last commits before a power cut can be lost.)
///
/// **Group commit.** Each ``ingest(_:)`` call is atomic: all its spans are stored, or none. Calls
/// that arrive while the writer is busy are written together in its next transaction, so
/// concurrent senders share one sync instead of queueing for one each. Each call groups,
/// encodes and folds its spans on its own thread before it waits for the writer.
///
/// **Indexes filled in bulk.** The filter indexes take new traces thousands at a time
/// (`DeferredIndexing`); until then queries check those traces one by one, so what a call
/// stored is found by every query as soon as the call returns.
///
/// **Readers alongside a writer.** Several stores, in this process or others, may open the same
/// file: WAL lets queries read a consistent snapshot while another store writes, and writers
/// wait for each other (up to a timeout) instead of failing.
///
/// **Merging trace-level values.** User, thread, customer and each custom metadata key take
/// the root span's value when the root carries one, otherwise the value of the span that ended
/// last (ties broken by span id); labels are the union of every span's labels. Because each
/// stored value keeps its rank (see `MergeRank`), the result is the same whatever order the
/// spans arrive in and however they are batched. Post-hoc patches (``mergeMetadata(traceId:_:labels:)``)
/// apply on top of every span, the later patch winning, and keep doing so when more spans
/// arrive afterwards.
///
/// All SQL is parameterised. Calls are synchronous and thread-safe; each blocks its thread for
/// the duration of the transaction.
public final class TraceStore: Sendable {
    /// The database file.
    public let path: String
    /// How long a patch for a trace that has not arrived is kept.
    public let pendingPatchLifetime: Duration
    /// The prices the costs of spans that reported tokens and no cost are computed from.
    public let modelPrices: ModelPrices
    let pool: DatabasePool
    private let clock: @Sendable () -> Timestamp
    private let indexingStep: Int64
    private let ingestQueue = IngestQueue()
    /// nil for a read-only store.
    private let checkpointer: BackgroundCheckpointer?

    /// Opens the database at `path`, creating it and its schema when needed.
    ///
    /// ```swift
    /// let store = try TraceStore(path: "sightline.db")
    /// let recent = try store.traces(TraceFilter(label: "production", limit: 20))
    /// ```
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - pendingPatchLifetime: how long a patch for an unknown trace waits for the trace.
    ///     Expired patches are dropped and counted (``StoreStatistics/expiredPendingPatches``).
    ///   - readOnly: open an existing database for queries only; the file must exist. A database
    ///     written by an earlier version is upgraded first, which needs write access to the file.
    ///   - modelPrices: the prices missing costs are computed from at ingest (the shipped table by
    ///     default; `ModelPrices.fromEnvironment()` adds `SIGHTLINE_MODEL_PRICES`).
    /// - Throws: ``TraceStoreError/databaseMissing(path:)`` for a read-only store without a file,
    ///   ``TraceStoreError/unknownSchema(path:)`` for a file that is not a collector database, or
    ///   the database's error.
    public convenience init(path: String, pendingPatchLifetime: Duration = .seconds(3600), readOnly: Bool = false,
                            modelPrices: ModelPrices = .builtIn) throws {
        try self.init(path: path, pendingPatchLifetime: pendingPatchLifetime, readOnly: readOnly, modelPrices: modelPrices,
                      clock: Timestamp.now)
    }

    /// - Parameters:
    ///   - clock: the time patches are received and expire by (tests move it).
    ///   - indexingStep: how many unindexed traces a writer lets gather (see ``DeferredIndexing``).
    init(path: String, pendingPatchLifetime: Duration, readOnly: Bool, modelPrices: ModelPrices = .builtIn,
         indexingStep: Int64 = DeferredIndexing.defaultStep, clock: @escaping @Sendable () -> Timestamp) throws {
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw TraceStoreError.databaseMissing(path: path)
        }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // 8 KiB pages, for a database this creates (an existing one keeps its page size: WAL
            // mode fixes it). Each commit writes every page it dirtied to the WAL, and an ingest
            // batch dirties hundreds (the trace-id, user, thread, customer and numeric-metadata
            // indexes each take a random page per trace): per page, SQLite and the kernel pay a
            // WAL frame, a checksum and two writes. Measured on the benchmark, 8 KiB cost the
            // least CPU per span: 1 and 2 KiB pages cost more frames, 16 to 64 KiB more bytes.
            if !readOnly { try db.execute(sql: "PRAGMA page_size = 8192") }
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -131072")  // 128 MiB per connection
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")  // read pages in place, without a copy per read
            // Checkpoints run in the background (BackgroundCheckpointer); SQLite's own, inside a
            // commit, only when the WAL reaches 256 MiB because those fell behind. The setting
            // counts pages, so it follows the page size (4 KiB in databases made before 8 KiB).
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(1, 268_435_456 / max(pageSize, 512)))")
        }
        self.path = path
        self.pendingPatchLifetime = pendingPatchLifetime
        self.modelPrices = modelPrices
        self.clock = clock
        self.indexingStep = indexingStep
        pool = try DatabasePool(path: path, configuration: configuration)
        checkpointer = readOnly ? nil : try BackgroundCheckpointer(path: path, configuration: configuration)

        let migrator = StoreSchema.migrator
        if try pool.read(migrator.hasBeenSuperseded) { throw TraceStoreError.unknownSchema(path: path) }
        if readOnly {
            guard try !pool.read(migrator.hasCompletedMigrations) else { return }
            // Not a collector database, or one an earlier version wrote: upgrade the latter
            // through a connection of its own, as a writable store would on opening it.
            guard try !pool.read(migrator.appliedIdentifiers).isEmpty else { throw TraceStoreError.unknownSchema(path: path) }
            var writable = configuration
            writable.readonly = false
            try migrator.migrate(DatabaseQueue(path: path, configuration: writable))
        } else {
            try migrator.migrate(pool)
        }
    }

    // MARK: Writing

    /// Stores spans in one transaction, merges their trace-level values into their traces, and
    /// applies the pending patches of traces that arrive for the first time.
    ///
    /// A span that reported tokens and no cost gets the cost of its model's price (marked
    /// ``CollectedSpan/costComputed``); one whose model has no price keeps an unknown cost and
    /// is counted (``StoreStatistics/costsUnknownModel``).
    ///
    /// When this returns, the spans are on disk. A span already stored under the same trace and
    /// span id (a retried batch) is left as it was and counted in ``IngestSummary/duplicateSpans``.
    /// - Parameter spans: the spans, of any number of traces.
    /// - Returns: what was stored, and what was left out or applied on the way.
    /// - Throws: ``TraceStoreError/emptyIdentifier(_:)`` for a span without trace or span id,
    ///   ``TraceStoreError/controlCharacter(_:)`` for a span whose ids, labels or metadata keys
    ///   hold one (then nothing is stored), or the database's error.
    @discardableResult
    public func ingest(_ spans: [CollectedSpan]) throws -> IngestSummary {
        try StoreInputCheck.spans(spans)
        var spans = spans
        let unknownCosts = CostFilling.fill(&spans, prices: modelPrices)
        // Grouped, encoded and folded here, on the caller's thread, beside other callers.
        let request = IngestRequest(batch: PreparedBatch(spans), unknownCosts: unknownCosts)
        ingestQueue.append(request)
        pool.writeWithoutTransaction { db in
            // Empty when an earlier writer took this call along with its own and committed it.
            let requests = ingestQueue.takeAll()
            if !requests.isEmpty { write(requests, in: db) }
            // The calls are committed whatever happens here; a catch-up that fails leaves the
            // traces unindexed, still found by every query, for the next call's catch-up.
            try? DeferredIndexing.catchUp(in: db, step: indexingStep)
        }
        checkpointer?.requestCheckpoint()
        // Writer blocks run one after another, and the block that took this call set its result
        // before returning: that block was this one, or ran before it.
        return try request.result!.get()
    }

    /// Writes the waiting calls in one transaction; when it fails, each call on its own, so
    /// that one call's failure is not another's.
    private func write(_ requests: [IngestRequest], in db: Database) {
        let now = clock()
        var summaries: [IngestSummary] = []
        do {
            try db.inTransaction {
                for (index, request) in requests.enumerated() {
                    var transaction = IngestTransaction(db: db)
                    if index == 0 { try transaction.dropExpiredPatches(now: now) }
                    try transaction.ingest(request.batch)
                    if request.unknownCosts > 0 {
                        try db.execute(sql: "UPDATE counters SET value = value + ? WHERE name = 'costs_unknown_model'",
                                       arguments: [request.unknownCosts])
                    }
                    summaries.append(transaction.summary)
                }
                return .commit
            }
            for (request, summary) in zip(requests, summaries) { request.result = .success(summary) }
        } catch {
            guard requests.count > 1 else {
                requests[0].result = .failure(error)
                return
            }
            for request in requests { write([request], in: db) }
        }
    }

    /// Shallow-merges `patch` into the trace's metadata: keys set in the patch replace the
    /// trace's values, whatever its spans say, now and when more spans arrive.
    ///
    /// - Parameters:
    ///   - traceId: hex, UUID or the sender's own id (see ``TraceIdentifier``).
    ///   - patch: the values to set.
    ///   - labels: whether the patch's labels are added (`.union`) or replace the trace's.
    /// - Returns: `.pending` when the trace has not arrived: the patch is kept until it does,
    ///   or until ``pendingPatchLifetime`` passes.
    /// - Throws: ``TraceStoreError/patchTooLarge(labels:keys:)`` for a patch with more labels than
    ///   ``CollectorLimits/labelsPerTrace`` or more keys than ``CollectorLimits/metadataKeysPerSpan``
    ///   (labels it adds past a trace's limit are dropped); ``TraceStoreError/tooManyPendingPatches(traceId:limit:)``
    ///   when the trace has not arrived and its limit of pending patches is reached;
    ///   ``TraceStoreError/controlCharacter(_:)``.
    @discardableResult
    public func mergeMetadata(traceId: String, _ patch: MetadataPatch, labels: LabelMerge = .union) throws -> PatchOutcome {
        let id = try StoreInputCheck.patch(traceId: traceId, patch)
        let now = clock()
        let expiry = now.nanosecondsSinceEpoch &+ Self.nanoseconds(pendingPatchLifetime)
        return try pool.write { db in
            var transaction = IngestTransaction(db: db)
            try transaction.dropExpiredPatches(now: now)
            return try transaction.patch(traceId: id, patch, labels: labels, receivedAt: now,
                                         expiresAt: Timestamp(nanosecondsSinceEpoch: expiry))
        }
    }

    /// Adds an evaluation to the trace, pushed after it ended: stored beside the evaluations of
    /// its spans' `gen_ai.evaluation.result` events, found by the same ``EvaluationCondition``s.
    /// Its time is when the store received it.
    ///
    /// - Parameters:
    ///   - traceId: hex, UUID or the sender's own id (see ``TraceIdentifier``).
    ///   - name: what was evaluated (`faithfulness`).
    ///   - score: a finite number, when the evaluation has one.
    ///   - label: a verdict such as `pass` or `fail`, when it has one.
    ///   - explanation: why the evaluator decided so.
    /// - Returns: `.pending` when the trace has not arrived: the evaluation waits for it like a
    ///   metadata patch, for ``pendingPatchLifetime``, and counts against the same
    ///   ``CollectorLimits/pendingPatchesPerTrace``.
    /// - Throws: ``TraceStoreError/invalidEvaluation(_:)`` for an empty name or a score that is not
    ///   finite; ``TraceStoreError/controlCharacter(_:)`` for a name or label that holds one;
    ///   ``TraceStoreError/tooManyEvaluations(traceId:limit:)`` when the trace holds
    ///   ``CollectorLimits/evaluationsPerTrace`` already; ``TraceStoreError/tooManyPendingPatches(traceId:limit:)``.
    @discardableResult
    public func addEvaluation(traceId: String, name: String, score: Double? = nil, label: String? = nil,
                              explanation: String? = nil) throws -> PatchOutcome {
        let id = try StoreInputCheck.evaluation(traceId: traceId, name: name, score: score, label: label)
        let now = clock()
        let expiry = now.nanosecondsSinceEpoch &+ Self.nanoseconds(pendingPatchLifetime)
        let evaluation = TraceEvaluation(name: name, score: score, label: label, explanation: explanation, time: now)
        return try pool.write { db in
            var transaction = IngestTransaction(db: db)
            try transaction.dropExpiredPatches(now: now)
            return try transaction.addEvaluation(traceId: id, evaluation, receivedAt: now,
                                                 expiresAt: Timestamp(nanosecondsSinceEpoch: expiry))
        }
    }

    // MARK: Reading

    /// Traces that match every condition of `filter`, newest first.
    ///
    /// ```swift
    /// let scored = try store.traces(TraceFilter(metadata: [MetadataCondition(parsing: "score>0.8")]))
    /// ```
    /// - Parameter filter: the conditions and the page.
    /// - Returns: a summary per trace, inputs and outputs as previews.
    /// - Throws: ``TraceStoreError/tooManyConditions(_:limit:)`` for more than
    ///   ``TraceFilter/maximumMetadataConditions`` metadata and evaluation conditions together, or
    ///   the database's error.
    public func traces(_ filter: TraceFilter) throws -> [TraceSummary] {
        try StoreInputCheck.filter(filter)
        return try pool.read { db in try TraceQueries.traces(filter, in: db) }
    }

    /// One trace: its merged values and its spans in tree order; nil when it is not stored.
    ///
    /// - Parameters:
    ///   - id: hex, UUID or the sender's own id (see ``TraceIdentifier``).
    ///   - spanOffset: the position in tree order of the first span returned.
    ///   - spanLimit: at most this many spans; all by default. A page of a large trace reads only
    ///     its own spans whole (see ``TraceDetail/nextSpanOffset``).
    /// - Throws: ``TraceStoreError/controlCharacter(_:)`` for an id that holds one, or the database's error.
    public func trace(id: String, spanOffset: Int = 0, spanLimit: Int = .max) throws -> TraceDetail? {
        try StoreInputCheck.identifier(id, as: "the trace id")
        return try pool.read { db in
            try TraceQueries.trace(id: TraceIdentifier.canonical(id), spanOffset: spanOffset, spanLimit: spanLimit, in: db)
        }
    }

    /// The traces of a conversation as turns, oldest first.
    ///
    /// - Parameter id: the thread's id.
    /// - Returns: one turn per trace of the thread; empty when none is stored.
    /// - Throws: ``TraceStoreError/controlCharacter(_:)`` for an id that holds one, or the database's error.
    public func thread(id: String) throws -> [ConversationTurn] {
        try StoreInputCheck.identifier(id, as: "the thread id")
        return try pool.read { db in try TraceQueries.thread(id: id, in: db) }
    }

    /// Totals per user, most recently seen first.
    public func users() throws -> [UserSummary] {
        try pool.read { db in try TraceQueries.users(in: db) }
    }

    /// What the store holds.
    public func statistics() throws -> StoreStatistics {
        try pool.read { db in try TraceQueries.statistics(in: db) }
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}

extension TraceStore: TraceStoring {}
