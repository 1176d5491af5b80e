import GRDB
import Sightline

/// The work of one write transaction: storing spans, merging them into their traces, applying
/// and keeping post-hoc patches. Every statement is parameterised and cached.
struct IngestTransaction {
    let db: Database
    private(set) var summary = IngestSummary()
    /// Whether any patch waits for its trace; when none does, new traces skip the lookup.
    private var hasPendingPatches = true
    /// The statements of the span path, looked up once per transaction rather than per row.
    private var cachedStatements: Statements?
    /// The per-user totals the saved traces change, written at the end of each call.
    private var userTotals = UserTotals()
    /// The indexing watermark (see ``DeferredIndexing``), read once per transaction: only a
    /// catch-up, in a transaction of its own, moves it.
    private var cachedWatermark: Int64?

    init(db: Database) {
        self.db = db
    }

    private struct Statements {
        let selectTrace: BoundStatement
        let insertTrace: BoundStatement
        let insertSpan: BoundStatement
        let insertLabel: BoundStatement
        let upsertMetadata: BoundStatement

        init(_ db: Database) throws {
            selectTrace = try BoundStatement(db, TraceAggregate.selectSQL)
            insertTrace = try BoundStatement(db, TraceAggregate.insertSQL)
            insertSpan = try BoundStatement(db, SpanRecord.insertSQL)
            insertLabel = try BoundStatement(db, IngestTransaction.insertLabelSQL)
            upsertMetadata = try BoundStatement(db, IngestTransaction.upsertMetadataSQL)
        }
    }

    /// Whether rows added to the trace with key `traceKey` go into the filter indexes now.
    private mutating func isIndexed(_ traceKey: Int64) throws -> Bool {
        if cachedWatermark == nil { cachedWatermark = try DeferredIndexing.watermark(in: db) }
        return traceKey <= cachedWatermark!
    }

    private mutating func statements() throws -> Statements {
        if let cachedStatements { return cachedStatements }
        let statements = try Statements(db)
        cachedStatements = statements
        return statements
    }

    // MARK: Spans

    mutating func ingest(_ batch: PreparedBatch) throws {
        hasPendingPatches = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pending_patches)") ?? true
        summary.duplicateSpans += batch.repeatedSpans
        summary.droppedLabels += batch.dropped.labels
        summary.droppedMetadataKeys += batch.dropped.metadataKeys
        summary.droppedEvents += batch.dropped.events
        summary.droppedLinks += batch.dropped.links
        let statements = try statements()
        try batch.withSpans { spans, columns in
            for trace in batch.traces { try ingest(trace, of: spans, columns, statements) }
        }
        try userTotals.write(in: db)
    }

    /// Stores the spans of one trace and folds the new ones into the trace's row.
    private mutating func ingest(_ prepared: PreparedBatch.Trace, of spans: UnsafeBufferPointer<CollectedSpan>,
                                 _ columns: EncodedColumns, _ statements: Statements) throws {
        let existing = try TraceAggregate.fetch(traceId: prepared.traceId, with: statements.selectTrace)

        var trace: TraceAggregate
        /// The spans stored by this call: only their evaluations are new (a retried span's are held already).
        var newMembers = prepared.members
        let labels: [String]
        let metadata: [PreparedMetadata]
        if var existing {
            // Spans need the trace's key: store them first, then fold in those that were new.
            let key = existing.key!
            let stored = try prepared.members.filter {
                try SpanRecord.insert(spans[$0], encodedAt: $0, in: columns, traceKey: key, with: statements.insertSpan)
            }
            summary.duplicateSpans += prepared.members.count - stored.count
            guard !stored.isEmpty else { return }
            newMembers = stored
            let startTime = existing.startTime
            for index in stored { existing.add(spans[index]) }
            try save(&existing, insert: statements.insertTrace)
            trace = existing
            if trace.startTime != startTime { try moveStartTime(of: key, to: trace.startTime) }
            summary.storedSpans += stored.count
            labels = stored.count == prepared.members.count ? prepared.labels : PreparedBatch.labels(of: stored, spans)
            metadata = stored.count == prepared.members.count
                ? prepared.metadata : PreparedBatch.metadata(of: stored, spans)
        } else {
            // A new trace: save its row, folded before the transaction, to get its key, then store the spans.
            trace = prepared.newRow
            try save(&trace, insert: statements.insertTrace)
            for index in prepared.members {
                _ = try SpanRecord.insert(spans[index], encodedAt: index, in: columns, traceKey: trace.key!,
                                          with: statements.insertSpan)
            }
            summary.storedSpans += prepared.members.count
            summary.newTraces += 1
            labels = prepared.labels
            metadata = prepared.metadata
        }
        let key = trace.key!
        if !trace.labelsReplaced {
            try insertLabels(labels, traceKey: key, isNew: existing == nil, startTime: trace.startTime,
                             with: statements.insertLabel)
        }
        for value in metadata {
            try upsertMetadata(value, traceKey: key, startTime: trace.startTime, with: statements.upsertMetadata)
        }
        var evaluations = SpanEvaluations()
        for index in newMembers where !spans[index].events.isEmpty { evaluations.add(spans[index]) }
        summary.droppedEvaluations += evaluations.dropped
        summary.invalidEvaluationValues += evaluations.invalidValues
        try insertEvaluations(evaluations.evaluations, traceKey: key, isNew: existing == nil)
        if existing == nil, hasPendingPatches {
            try applyPendingPatches(to: &trace)
        }
    }

    /// Saves the trace's row and records how its user's totals change.
    private mutating func save(_ trace: inout TraceAggregate, insert: BoundStatement) throws {
        let before = trace.savedContribution
        try trace.save(in: db, insert: insert)
        userTotals.replace(before, with: trace.contribution)
    }

    /// Keeps the start time that label and metadata rows repeat in step with their trace's.
    private func moveStartTime(of traceKey: Int64, to startTime: UInt64) throws {
        let arguments: StatementArguments = [Int64(clamping: startTime), traceKey]
        try db.cachedStatement(sql: "UPDATE trace_labels SET start_time = ? WHERE trace_key = ?").execute(arguments: arguments)
        try db.cachedStatement(sql: "UPDATE trace_metadata SET start_time = ? WHERE trace_key = ?").execute(arguments: arguments)
    }

    static let insertLabelSQL = """
        INSERT INTO trace_labels (trace_key, label, start_time, indexed) VALUES (?, ?, ?, ?)
        ON CONFLICT (trace_key, label) DO NOTHING
        """

    /// Adds the labels the trace does not have, while it has fewer than
    /// ``CollectorLimits/labelsPerTrace``; the new labels past that are counted as dropped.
    private mutating func insertLabels(_ labels: [String], traceKey: Int64, isNew: Bool, startTime: UInt64,
                                       with statement: BoundStatement) throws {
        guard !labels.isEmpty else { return }
        let indexed = try isIndexed(traceKey)
        let stored = isNew ? 0 : try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM trace_labels WHERE trace_key = ?"),
                                                   arguments: [traceKey]) ?? 0
        var room = CollectorLimits.labelsPerTrace - stored
        for label in labels {
            guard room > 0 else {
                let held = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM trace_labels WHERE trace_key = ? AND label = ?)"),
                                             arguments: [traceKey, label]) ?? false
                if !held { summary.droppedLabels += 1 }
                continue
            }
            statement.bind(1, traceKey)
            statement.bind(2, label)
            statement.bind(3, Int64(clamping: startTime))
            statement.bind(4, indexed)
            room -= try statement.execute()
        }
    }

    static let upsertMetadataSQL = """
        INSERT INTO trace_metadata (trace_key, key, value_json, value_text, value_number, rank, start_time, indexed)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (trace_key, key) DO UPDATE SET
            value_json = excluded.value_json, value_text = excluded.value_text,
            value_number = excluded.value_number, rank = excluded.rank
        WHERE excluded.rank > trace_metadata.rank
        """

    /// Stores a metadata value unless the trace holds one of higher rank for that key.
    private mutating func upsertMetadata(_ value: PreparedMetadata, traceKey: Int64, startTime: UInt64,
                                         with statement: BoundStatement) throws {
        let indexed = try isIndexed(traceKey)
        statement.bind(1, traceKey)
        statement.bind(2, value.key)
        value.json.withUnsafeBytes { statement.bind(3, utf8: $0) }
        statement.bind(4, value.text)
        statement.bind(5, value.number)
        statement.bind(6, value.rank)
        statement.bind(7, Int64(clamping: startTime))
        statement.bind(8, indexed)
        try statement.execute()
    }

    // MARK: Evaluations

    /// Adds evaluations to the trace while it holds fewer than ``CollectorLimits/evaluationsPerTrace``;
    /// those past the limit are counted as dropped. Returns how many were stored.
    @discardableResult
    private mutating func insertEvaluations(_ evaluations: [TraceEvaluation], traceKey: Int64, isNew: Bool) throws -> Int {
        guard !evaluations.isEmpty else { return 0 }
        let held = isNew ? 0 : try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM trace_evaluations WHERE trace_key = ?"),
                                                 arguments: [traceKey]) ?? 0
        let room = max(CollectorLimits.evaluationsPerTrace - held, 0)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO trace_evaluations (trace_key, name, score, label, explanation, span_id, time) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for evaluation in evaluations.prefix(room) {
            try statement.execute(arguments: [traceKey, evaluation.name, evaluation.score, evaluation.label,
                                              evaluation.explanation, evaluation.spanId, SpanRecord.integer(evaluation.time)])
        }
        let stored = min(room, evaluations.count)
        summary.storedEvaluations += stored
        summary.droppedEvaluations += evaluations.count - stored
        return stored
    }

    /// Adds an evaluation pushed after the trace ended when the trace is stored; otherwise keeps it
    /// with the pending patches, under the same lifetime and per-trace limit.
    mutating func addEvaluation(traceId: String, _ evaluation: TraceEvaluation, receivedAt: Timestamp,
                                expiresAt: Timestamp) throws -> PatchOutcome {
        if let trace = try TraceAggregate.fetch(traceId: traceId, with: statements().selectTrace) {
            guard try insertEvaluations([evaluation], traceKey: trace.key!, isNew: false) == 1 else {
                throw TraceStoreError.tooManyEvaluations(traceId: traceId, limit: CollectorLimits.evaluationsPerTrace)
            }
            return .applied
        }
        try checkPendingRoom(traceId)
        try db.cachedStatement(sql: """
            INSERT INTO pending_patches (trace_id, patch, replaces_labels, received_at, expires_at, evaluation)
            VALUES (?, '{}', 0, ?, ?, ?)
            """).execute(arguments: [
                traceId, SpanRecord.integer(receivedAt), SpanRecord.integer(expiresAt),
                JSONValue.object(PendingEvaluation.json(evaluation)).storedJSONText,
            ])
        return .pending
    }

    // MARK: Patches

    /// Applies `patch` when the trace is stored; otherwise keeps it until `expiresAt`, unless
    /// ``CollectorLimits/pendingPatchesPerTrace`` patches wait for that trace already.
    mutating func patch(traceId: String, _ patch: MetadataPatch, labels: LabelMerge, receivedAt: Timestamp,
                        expiresAt: Timestamp) throws -> PatchOutcome {
        if var trace = try TraceAggregate.fetch(traceId: traceId, with: statements().selectTrace) {
            try apply(patch, labels: labels, to: &trace)
            try userTotals.write(in: db)
            return .applied
        }
        try checkPendingRoom(traceId)
        try db.cachedStatement(sql: """
            INSERT INTO pending_patches (trace_id, patch, replaces_labels, received_at, expires_at)
            VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [
                traceId, JSONValue.object(patch.jsonObject).storedJSONText, labels == .replace,
                SpanRecord.integer(receivedAt), SpanRecord.integer(expiresAt),
            ])
        return .pending
    }

    /// Throws when ``CollectorLimits/pendingPatchesPerTrace`` patches and evaluations wait for the trace.
    private func checkPendingRoom(_ traceId: String) throws {
        let waiting = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM pending_patches WHERE trace_id = ?"),
                                       arguments: [traceId]) ?? 0
        guard waiting < CollectorLimits.pendingPatchesPerTrace else {
            throw TraceStoreError.tooManyPendingPatches(traceId: traceId, limit: CollectorLimits.pendingPatchesPerTrace)
        }
    }

    /// Drops pending patches that expired before `now`, adding them to the persistent count.
    mutating func dropExpiredPatches(now: Timestamp) throws {
        try db.cachedStatement(sql: "DELETE FROM pending_patches WHERE expires_at <= ?")
            .execute(arguments: [SpanRecord.integer(now)])
        let dropped = db.changesCount
        guard dropped > 0 else { return }
        summary.expiredPendingPatches += dropped
        try db.cachedStatement(sql: "UPDATE counters SET value = value + ? WHERE name = 'expired_patches'")
            .execute(arguments: [dropped])
    }

    /// Applies, in the order they were received, the patches and evaluations that waited for this trace.
    private mutating func applyPendingPatches(to trace: inout TraceAggregate) throws {
        let traceId = trace.columns.traceId
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT patch, replaces_labels, evaluation FROM pending_patches WHERE trace_id = ? ORDER BY id
            """), arguments: [traceId])
        guard !rows.isEmpty else { return }
        for row in rows {
            if let text = row[2] as String? {
                if let evaluation = PendingEvaluation.evaluation(SpanRecord.object(text)) {
                    try insertEvaluations([evaluation], traceKey: trace.key!, isNew: false)
                }
                continue
            }
            let patch = MetadataPatch(json: SpanRecord.object(row[0]))
            let merge: LabelMerge = row[1] ? .replace : .union
            try apply(patch, labels: merge, to: &trace)
        }
        try db.cachedStatement(sql: "DELETE FROM pending_patches WHERE trace_id = ?").execute(arguments: [traceId])
        summary.appliedPendingPatches += rows.count
    }

    /// Writes a patch over the trace's values with the next patch rank, which outranks every span.
    private mutating func apply(_ patch: MetadataPatch, labels merge: LabelMerge, to trace: inout TraceAggregate) throws {
        try db.cachedStatement(sql: "UPDATE counters SET value = value + 1 WHERE name = 'patch_sequence'").execute()
        let sequence = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM counters WHERE name = 'patch_sequence'")) ?? 0
        let rank = MergeRank.patch(sequence: sequence)
        let statements = try statements()
        let traceKey = trace.key!

        if let user = patch.userId { trace.columns.user = RankedValue(value: user, rank: .text(rank)) }
        if let thread = patch.threadId { trace.columns.thread = RankedValue(value: thread, rank: .text(rank)) }
        if let customer = patch.customerId { trace.columns.customer = RankedValue(value: customer, rank: .text(rank)) }
        if patch.labels != nil, merge == .replace {
            try db.cachedStatement(sql: "DELETE FROM trace_labels WHERE trace_key = ?").execute(arguments: [traceKey])
            trace.columns.labelsReplaced = true
        }
        try save(&trace, insert: statements.insertTrace)
        if let labels = patch.labels {
            try insertLabels(labels, traceKey: traceKey, isNew: false, startTime: trace.startTime, with: statements.insertLabel)
        }

        for (name, value) in patch.custom {
            try upsertMetadata(PreparedMetadata(key: name, value, rank: .text(rank)), traceKey: traceKey,
                               startTime: trace.startTime, with: statements.upsertMetadata)
        }
    }
}
