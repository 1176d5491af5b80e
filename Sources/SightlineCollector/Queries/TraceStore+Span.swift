import GRDB

extension TraceStore {
    /// One span of a trace, whole: its input, output and attributes however large, for a reader
    /// that was shown a preview (trace lists and turns carry previews, trace pages carry spans a
    /// page at a time). nil when the trace or the span is not stored.
    /// - Parameters:
    ///   - traceId: hex, UUID or the sender's own id (see ``TraceIdentifier``).
    ///   - spanId: the span's id.
    /// - Throws: the database's error.
    public func span(traceId: String, spanId: String) throws -> CollectedSpan? {
        let id = TraceIdentifier.canonical(traceId)
        return try pool.read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(SpanRecord.selectColumns) FROM spans
                WHERE trace_key = (SELECT id FROM traces WHERE trace_id = ?) AND span_id = ?
                """, arguments: [id, spanId]).map { SpanRecord.span(from: $0, traceId: id) }
        }
    }
}
