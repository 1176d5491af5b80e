import Foundation
import Sightline

/// The collector's store on ClickHouse, over its HTTP interface: for teams, where any number of
/// `sightline serve` processes write to one ClickHouse server or cluster.
///
/// It answers every query as ``TraceStore`` does, from tables laid out for ClickHouse (see
/// `ClickHouseSchema`): spans are appended as they come; trace-level values are aggregate
/// states that fold the same whatever order spans arrive in, through whichever collector;
/// post-hoc patches are appended too and applied when read, on top of every span, to traces
/// that arrived before the patch expired. Nothing is rewritten at ingest (one read comes
/// before each insert, below), so writers never wait for each other.
///
/// **Writing.** Each ``ingest(_:)`` call is one insert of RowBinary rows into `spans` (the
/// materialized views fold them into `traces` and `trace_metadata` in the same insert), plus
/// one into `evaluations` when spans carry evaluation events. Each insert carries an
/// `insert_deduplication_token` made from its rows, so an insert retried after a lost reply, or
/// the same spans sent again by a sender, is stored once. When this returns, ClickHouse has
/// acknowledged the insert. When ClickHouse cannot be reached (after a few quick retries) the
/// call throws ``TraceStoreUnavailable``, and the collector answers 503 with `Retry-After`.
///
/// Before each insert one query reads what the store holds of the call's traces (see
/// `ClickHouseTraceState`): spans stored already are counted as duplicates and not sent
/// again, and the per-trace limits on labels and evaluations (``CollectorLimits/labelsPerTrace``,
/// ``CollectorLimits/evaluationsPerTrace``) are applied as the SQLite store applies them.
///
/// **Differences from the SQLite store.** The ``IngestSummary`` leaves `expiredPendingPatches`
/// at zero: patches are never deleted, they stop applying when they expire, and the total is in
/// ``statistics()``. Two collectors writing the same trace at the same moment each apply the
/// limits on their own. Traces that started at the same nanosecond are listed in order of
/// first arrival, then by trace id.
public final class ClickHouseTraceStore: TraceStoring {
    /// Options of a ClickHouse store.
    public struct Options: Sendable {
        /// How long a patch for a trace that has not arrived is kept.
        public var pendingPatchLifetime: Duration
        /// The prices the costs of spans that reported tokens and no cost are computed from.
        public var modelPrices: ModelPrices
        /// Rows older than this are deleted by ClickHouse's TTL (spans and traces by their end,
        /// patches by when they were received); nil keeps everything.
        public var retention: Duration?
        /// How long an insert may wait for ClickHouse, connecting included, before the store
        /// reports itself unavailable (and the collector answers 503).
        public var writeTimeout: Duration
        /// Open existing tables for queries only: nothing is created, and a database without
        /// Sightline's tables is an error rather than a new empty store.
        public var readOnly: Bool

        /// The store's settings; the defaults suit `sightline serve`.
        /// - Parameters:
        ///   - pendingPatchLifetime: how long a patch waits for a trace that has not arrived.
        ///   - modelPrices: the prices that cost spans without a cost of their own.
        ///   - retention: how long spans are kept (a TTL); nil keeps them for good.
        ///   - writeTimeout: how long an insert may wait for the server before the store is unavailable.
        ///   - readOnly: open existing tables for queries only.
        public init(pendingPatchLifetime: Duration = .seconds(3600), modelPrices: ModelPrices = .builtIn,
                    retention: Duration? = nil, writeTimeout: Duration = .seconds(10), readOnly: Bool = false) {
            self.pendingPatchLifetime = pendingPatchLifetime
            self.modelPrices = modelPrices
            self.retention = retention
            self.writeTimeout = writeTimeout
            self.readOnly = readOnly
        }
    }

    /// The server and database the store writes to.
    public let address: ClickHouseAddress
    /// The settings the store was opened with.
    public let options: Options
    /// How long a patch waits for a trace that has not arrived.
    public var pendingPatchLifetime: Duration { options.pendingPatchLifetime }
    package let connection: ClickHouseConnection
    let clock: @Sendable () -> Timestamp

    /// Connects to the server and creates or upgrades the tables (see `ClickHouseSchema`).
    ///
    /// - Parameters:
    ///   - address: the server and database.
    ///   - options: the store's settings.
    /// - Throws: ``TraceStoreUnavailable`` when the server cannot be reached;
    ///   ``ClickHouseError`` when it refuses the schema, or holds a newer one.
    public convenience init(address: ClickHouseAddress, options: Options = Options()) throws {
        try self.init(address: address, options: options, clock: Timestamp.now)
    }

    /// - Parameter clock: the time spans and patches are received by (tests move it).
    init(address: ClickHouseAddress, options: Options, clock: @escaping @Sendable () -> Timestamp) throws {
        self.address = address
        self.options = options
        self.clock = clock
        var connection = ClickHouseConnection(address: address)
        connection.writeTimeout = .nanoseconds(Int64(clamping: TraceStore.nanoseconds(options.writeTimeout)))
        self.connection = connection
        try migrate()
    }

    // MARK: Schema

    private func migrate() throws {
        let db = address.database
        if options.readOnly {
            let applied = try appliedVersion()
            guard applied > 0 else { throw ClickHouseError.noSchema(database: db) }
            guard applied <= ClickHouseSchema.currentVersion else {
                throw ClickHouseError.newerSchema(found: applied, known: ClickHouseSchema.currentVersion)
            }
            return
        }
        var bootstrap = connection.address
        bootstrap.database = "default"
        try ClickHouseConnection(address: bootstrap).execute("CREATE DATABASE IF NOT EXISTS \(db)")
        try connection.execute(ClickHouseSchema.versionTable(database: db))
        let applied = try appliedVersion()
        guard applied <= ClickHouseSchema.currentVersion else {
            throw ClickHouseError.newerSchema(found: applied, known: ClickHouseSchema.currentVersion)
        }
        for migration in ClickHouseSchema.migrations(database: db) where migration.version > applied {
            for statement in migration.statements { try connection.execute(statement) }
            try connection.execute("INSERT INTO \(db).sightline_schema (version) VALUES ({version:UInt32})",
                                   parameters: ["version": String(migration.version)])
        }
        if let retention = options.retention {
            let seconds = max(1, retention.components.seconds)
            for (table, column) in ClickHouseSchema.expiringTables {
                try connection.execute("""
                    ALTER TABLE \(db).\(table) MODIFY TTL toDateTime(intDiv(\(column), 1000000000)) + INTERVAL \(seconds) SECOND
                    """)
            }
        }
    }

    /// The newest schema version applied; 0 when the version table is missing or empty.
    private func appliedVersion() throws -> Int {
        var parameters = ClickHouseParameters()
        let database = parameters.bind(address.database)
        var server = address
        server.database = "default"  // the store's database may not exist yet
        var rows = RowBinaryReader(try ClickHouseConnection(address: server).execute("""
            SELECT toUInt64(count()) FROM system.tables WHERE database = \(database) AND name = 'sightline_schema' FORMAT RowBinary
            """, parameters: parameters.values))
        guard try rows.uint64() > 0 else { return 0 }
        rows = RowBinaryReader(try connection.execute(
            "SELECT toUInt64(max(version)) FROM \(address.database).sightline_schema FORMAT RowBinary"))
        return rows.isAtEnd ? 0 : Int(try rows.uint64())
    }

    // MARK: Writing

    @discardableResult
    public func ingest(_ spans: [CollectedSpan]) throws -> IngestSummary {
        try StoreInputCheck.spans(spans)
        var spans = spans
        let unknownCosts = CostFilling.fill(&spans, prices: options.modelPrices)
        let dropped = SpanLimiting.limit(&spans)
        let db = address.database
        let now = clock().nanosecondsSinceEpoch
        var seen: Set<String> = []
        let traceIds = spans.map { TraceIdentifier.canonical($0.traceId) }.filter { seen.insert($0).inserted }
        let state = try ClickHouseTraceState(of: traceIds, database: db, now: now, connection: connection)
        let rows = ClickHouseSpanRows(spans, receivedAt: now, state: state)
        let token = rows.token
        let deduplication = ["insert_deduplication_token": token, "deduplicate_blocks_in_dependent_materialized_views": "1"]
        if rows.spanCount > 0 {
            try connection.execute("INSERT INTO \(db).spans FORMAT RowBinary", settings: deduplication, data: rows.spans.bytes)
        }
        if rows.evaluationCount > 0 {
            try connection.execute("INSERT INTO \(db).evaluations FORMAT RowBinary",
                                   settings: ["insert_deduplication_token": token + "-evaluations"], data: rows.evaluations.bytes)
        }
        if unknownCosts > 0 {
            var counter = RowBinaryWriter()
            counter.string("costs_unknown_model")
            counter.int64(Int64(unknownCosts))
            try connection.execute("INSERT INTO \(db).counters FORMAT RowBinary",
                                   settings: ["insert_deduplication_token": token + "-counters"], data: counter.bytes)
        }
        return IngestSummary(storedSpans: rows.spanCount, duplicateSpans: rows.repeatedSpans, newTraces: rows.newTraces,
                             appliedPendingPatches: rows.appliedPendingPatches,
                             droppedLabels: dropped.labels + rows.droppedLabels, droppedMetadataKeys: dropped.metadataKeys,
                             droppedEvents: dropped.events, droppedLinks: dropped.links,
                             storedEvaluations: rows.evaluationCount + rows.appliedPendingEvaluations, droppedEvaluations: rows.droppedEvaluations,
                             invalidEvaluationValues: rows.invalidEvaluationValues)
    }

    @discardableResult
    public func mergeMetadata(traceId: String, _ patch: MetadataPatch, labels: LabelMerge = .union) throws -> PatchOutcome {
        let id = try StoreInputCheck.patch(traceId: traceId, patch)
        return try appendPatch(traceId: id) { row in
            row.bool(false)
            row.nullableString(patch.userId)
            row.nullableString(patch.threadId)
            row.nullableString(patch.customerId)
            row.bool(patch.labels != nil)
            row.bool(labels == .replace)
            row.strings(patch.labels.map { LabelUnion($0).labels } ?? [])
            row.stringMap(patch.custom.mapValues(\.jsonString))
            row.numberMap(patch.custom.compactMapValues(MetadataColumns.number))
            row.string("")
            row.nullableFloat64(nil)
            row.nullableString(nil)
            row.nullableString(nil)
        }
    }

    @discardableResult
    public func addEvaluation(traceId: String, name: String, score: Double? = nil, label: String? = nil,
                              explanation: String? = nil) throws -> PatchOutcome {
        let id = try StoreInputCheck.evaluation(traceId: traceId, name: name, score: score, label: label)
        return try appendPatch(traceId: id, isEvaluation: true) { row in
            row.bool(true)
            row.nullableString(nil)
            row.nullableString(nil)
            row.nullableString(nil)
            row.bool(false)
            row.bool(false)
            row.strings([])
            row.stringMap([:])
            row.numberMap([:])
            row.string(name)
            row.nullableFloat64(score)
            row.nullableString(label)
            row.nullableString(explanation)
        }
    }

    /// Appends one `patches` row (the columns after the id and times are written by `body`).
    /// `.applied` when the trace is stored; otherwise `.pending`, unless
    /// ``CollectorLimits/pendingPatchesPerTrace`` patches wait for it already. An evaluation
    /// for a stored trace that holds ``CollectorLimits/evaluationsPerTrace`` is refused.
    private func appendPatch(traceId: String, isEvaluation: Bool = false,
                             _ body: (inout RowBinaryWriter) -> Void) throws -> PatchOutcome {
        let db = address.database
        let now = clock().nanosecondsSinceEpoch
        var parameters = ClickHouseParameters()
        let id = parameters.bind(traceId)
        var reply = RowBinaryReader(try connection.execute("""
            SELECT
                toUInt64(ifNull((SELECT count() FROM \(db).traces WHERE trace_id = \(id)), 0)),
                toUInt64(ifNull((SELECT uniqExact(patch_id) FROM \(db).patches WHERE trace_id = \(id) AND expires_ns > \(parameters.bind(now))), 0))
            FORMAT RowBinary
            """, parameters: parameters.values, isPartOfWrite: true))
        let isStored = try reply.uint64() > 0
        let waiting = try reply.uint64()
        if !isStored, waiting >= UInt64(CollectorLimits.pendingPatchesPerTrace) {
            throw TraceStoreError.tooManyPendingPatches(traceId: traceId, limit: CollectorLimits.pendingPatchesPerTrace)
        }
        if isStored, isEvaluation,
           try ClickHouseTraceState(of: [traceId], database: db, now: now, connection: connection)[traceId].evaluationCount
               >= CollectorLimits.evaluationsPerTrace {
            throw TraceStoreError.tooManyEvaluations(traceId: traceId, limit: CollectorLimits.evaluationsPerTrace)
        }
        let patchId = UUID().uuidString
        var row = RowBinaryWriter()
        row.string(traceId)
        row.uint64(now)
        row.string(patchId)
        row.uint64(now &+ TraceStore.nanoseconds(options.pendingPatchLifetime))
        body(&row)
        try connection.execute("INSERT INTO \(db).patches FORMAT RowBinary",
                               settings: ["insert_deduplication_token": patchId], data: row.bytes)
        return isStored ? .applied : .pending
    }
}
