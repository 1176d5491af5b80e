import GRDB
import Sightline

/// The work of one write transaction: storing spans, merging them into their traces, applying
/// and keeping post-hoc patches. Every statement is parameterised and cached.
struct IngestTransaction {
    let db: Database
    private(set) var summary = IngestSummary()

    init(db: Database) {
        self.db = db
    }

    // MARK: Spans

    mutating func ingest(_ spans: [CollectedSpan]) throws {
        for (traceId, group) in Self.groupedByTrace(spans) {
            var stored: [CollectedSpan] = []
            stored.reserveCapacity(group.count)
            for span in group {
                if try SpanRecord.insert(span, traceId: traceId, into: db) {
                    stored.append(span)
                } else {
                    summary.duplicateSpans += 1
                }
            }
            guard !stored.isEmpty else { continue }
            summary.storedSpans += stored.count
            try merge(stored, into: traceId)
        }
    }

    /// Spans grouped by canonical trace id, traces in first-seen order.
    private static func groupedByTrace(_ spans: [CollectedSpan]) -> [(String, [CollectedSpan])] {
        var indexByTrace: [String: Int] = [:]
        var groups: [(String, [CollectedSpan])] = []
        for span in spans {
            let traceId = TraceIdentifier.canonical(span.traceId)
            if let index = indexByTrace[traceId] {
                groups[index].1.append(span)
            } else {
                indexByTrace[traceId] = groups.count
                groups.append((traceId, [span]))
            }
        }
        return groups
    }

    private mutating func merge(_ spans: [CollectedSpan], into traceId: String) throws {
        let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM traces WHERE trace_id = ?"),
                                        arguments: [traceId]).map(TraceAggregate.init(row:))
        var trace = existing ?? TraceAggregate(traceId: traceId, first: spans[0])
        var labels: [String] = []
        var metadata: [String: RankedValue<JSONValue>] = [:]
        for span in spans {
            trace.add(span)
            for label in span.labels where !labels.contains(label) { labels.append(label) }
            if !span.metadata.isEmpty {
                let rank = MergeRank.latestEnding(isRoot: span.isRoot, endTime: span.endTime.nanosecondsSinceEpoch,
                                                  spanId: span.spanId)
                for (key, value) in span.metadata {
                    metadata[key] = RankedValue.best(metadata[key], value, rank: rank)
                }
            }
        }
        try trace.save(in: db)
        if let existing, existing.startTime != trace.startTime {
            try moveStartTime(of: traceId, to: trace.startTime)
        }
        if !trace.labelsReplaced {
            try insertLabels(labels, traceId: traceId, startTime: trace.startTime)
        }
        for key in metadata.keys.sorted() {
            try upsertMetadata(key: key, metadata[key]!, traceId: traceId, startTime: trace.startTime)
        }
        if existing == nil {
            summary.newTraces += 1
            try applyPendingPatches(traceId: traceId, startTime: trace.startTime)
        }
    }

    /// Keeps the start time that label and metadata rows repeat in step with their trace's.
    private func moveStartTime(of traceId: String, to startTime: UInt64) throws {
        let arguments: StatementArguments = [Int64(clamping: startTime), traceId]
        try db.cachedStatement(sql: "UPDATE trace_labels SET start_time = ? WHERE trace_id = ?").execute(arguments: arguments)
        try db.cachedStatement(sql: "UPDATE trace_metadata SET start_time = ? WHERE trace_id = ?").execute(arguments: arguments)
    }

    private func insertLabels(_ labels: [String], traceId: String, startTime: UInt64) throws {
        guard !labels.isEmpty else { return }
        let statement = try db.cachedStatement(sql: """
            INSERT INTO trace_labels (trace_id, label, start_time) VALUES (?, ?, ?)
            ON CONFLICT (trace_id, label) DO NOTHING
            """)
        for label in labels {
            try statement.execute(arguments: [traceId, label, Int64(clamping: startTime)])
        }
    }

    /// Stores a metadata value unless the trace holds one of higher rank for that key.
    private func upsertMetadata(key: String, _ value: RankedValue<JSONValue>, traceId: String,
                                startTime: UInt64) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO trace_metadata (trace_id, key, value_json, value_text, value_number, rank, start_time)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (trace_id, key) DO UPDATE SET
                value_json = excluded.value_json, value_text = excluded.value_text,
                value_number = excluded.value_number, rank = excluded.rank
            WHERE excluded.rank > trace_metadata.rank
            """)
        try statement.execute(arguments: [
            traceId, key, value.value.jsonString, MetadataColumns.text(value.value),
            MetadataColumns.number(value.value), value.rank, Int64(clamping: startTime),
        ])
    }

    // MARK: Patches

    /// Applies `patch` when the trace is stored; otherwise keeps it until `expiresAt`.
    mutating func patch(traceId: String, _ patch: MetadataPatch, labels: LabelMerge, receivedAt: Timestamp,
                        expiresAt: Timestamp) throws -> PatchOutcome {
        let startTime = try Int64.fetchOne(db.cachedStatement(sql: "SELECT start_time FROM traces WHERE trace_id = ?"),
                                           arguments: [traceId])
        if let startTime {
            try apply(patch, labels: labels, traceId: traceId, startTime: UInt64(max(startTime, 0)))
            return .applied
        }
        try db.cachedStatement(sql: """
            INSERT INTO pending_patches (trace_id, patch, replaces_labels, received_at, expires_at)
            VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [
                traceId, JSONValue.object(patch.jsonObject).jsonString, labels == .replace,
                SpanRecord.integer(receivedAt), SpanRecord.integer(expiresAt),
            ])
        return .pending
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

    /// Applies, in the order they were received, the patches that waited for this trace.
    private mutating func applyPendingPatches(traceId: String, startTime: UInt64) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, patch, replaces_labels FROM pending_patches WHERE trace_id = ? ORDER BY id
            """), arguments: [traceId])
        guard !rows.isEmpty else { return }
        for row in rows {
            let patch = MetadataPatch(json: SpanRecord.object(row["patch"]))
            let merge: LabelMerge = row["replaces_labels"] ? .replace : .union
            try apply(patch, labels: merge, traceId: traceId, startTime: startTime)
        }
        try db.cachedStatement(sql: "DELETE FROM pending_patches WHERE trace_id = ?").execute(arguments: [traceId])
        summary.appliedPendingPatches += rows.count
    }

    /// Writes a patch over the trace's values with the next patch rank, which outranks every span.
    private func apply(_ patch: MetadataPatch, labels merge: LabelMerge, traceId: String, startTime: UInt64) throws {
        try db.cachedStatement(sql: "UPDATE counters SET value = value + 1 WHERE name = 'patch_sequence'").execute()
        let sequence = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM counters WHERE name = 'patch_sequence'")) ?? 0
        let rank = MergeRank.patch(sequence: sequence)

        // Column names come from this fixed list, never from input.
        let identity: [(column: String, value: String?)] = [
            ("user", patch.userId), ("thread", patch.threadId), ("customer", patch.customerId),
        ]
        for (column, value) in identity {
            guard let value else { continue }
            try db.cachedStatement(sql: "UPDATE traces SET \(column)_id = ?, \(column)_rank = ? WHERE trace_id = ?")
                .execute(arguments: [value, rank, traceId])
        }

        if let labels = patch.labels {
            if merge == .replace {
                try db.cachedStatement(sql: "DELETE FROM trace_labels WHERE trace_id = ?").execute(arguments: [traceId])
                try db.cachedStatement(sql: "UPDATE traces SET labels_replaced = 1 WHERE trace_id = ?")
                    .execute(arguments: [traceId])
            }
            try insertLabels(labels, traceId: traceId, startTime: startTime)
        }

        for key in patch.custom.keys.sorted() {
            try upsertMetadata(key: key, RankedValue(value: patch.custom[key]!, rank: rank), traceId: traceId,
                               startTime: startTime)
        }
    }
}
