import GRDB
import Sightline

/// How a ``CollectedSpan`` is written to and read from the `spans` table.
enum SpanRecord {
    static let insertSQL = """
        INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, type, start_time, end_time,
            first_token_time, is_error, status_message, input, output, model, response_model, provider,
            input_tokens, output_tokens, cost, user_id, thread_id, customer_id, labels, metadata, attributes,
            events, service_name)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (trace_id, span_id) DO NOTHING
        """

    /// Inserts `span` under `traceId`; false when a span with the same ids is stored already.
    static func insert(_ span: CollectedSpan, traceId: String, into db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: insertSQL)
        let arguments: [(any DatabaseValueConvertible)?] = [
            traceId, span.spanId, span.parentSpanId, span.name, span.kind, span.type.rawValue,
            integer(span.startTime), integer(span.endTime), span.firstTokenTime.map(integer),
            span.isError, span.statusMessage, span.input, span.output, span.model, span.responseModel,
            span.provider, span.inputTokens, span.outputTokens, span.cost.flatMap(finite),
            span.userId, span.threadId, span.customerId,
            JSONValue.array(span.labels.map(JSONValue.string)).jsonString,
            JSONValue.object(span.metadata).jsonString,
            JSONValue.object(span.attributes).jsonString,
            JSONValue.array(span.events.map(eventJSON)).jsonString,
            span.serviceName,
        ]
        statement.setUncheckedArguments(StatementArguments(arguments))
        try statement.execute()
        return db.changesCount > 0
    }

    static let selectColumns = """
        trace_id, span_id, parent_span_id, name, kind, type, start_time, end_time, first_token_time, is_error,
        status_message, input, output, model, response_model, provider, input_tokens, output_tokens, cost,
        user_id, thread_id, customer_id, labels, metadata, attributes, events, service_name
        """

    /// A span read back from a row selected with ``selectColumns``.
    static func span(from row: Row) -> CollectedSpan {
        CollectedSpan(
            traceId: row["trace_id"],
            spanId: row["span_id"],
            parentSpanId: row["parent_span_id"],
            name: row["name"],
            kind: row["kind"],
            type: SpanType(rawValue: row["type"]) ?? .span,
            startTime: timestamp(row["start_time"]),
            endTime: timestamp(row["end_time"]),
            firstTokenTime: (row["first_token_time"] as Int64?).map(timestamp),
            isError: row["is_error"],
            statusMessage: row["status_message"],
            input: row["input"],
            output: row["output"],
            model: row["model"],
            responseModel: row["response_model"],
            provider: row["provider"],
            inputTokens: row["input_tokens"],
            outputTokens: row["output_tokens"],
            cost: row["cost"],
            userId: row["user_id"],
            threadId: row["thread_id"],
            customerId: row["customer_id"],
            labels: stringList(row["labels"]),
            metadata: object(row["metadata"]),
            attributes: object(row["attributes"]),
            events: events(row["events"]),
            serviceName: row["service_name"])
    }

    // MARK: Values

    /// Nanoseconds as SQLite's signed 64-bit integer (instants past 2262 are clamped).
    static func integer(_ timestamp: Timestamp) -> Int64 {
        Int64(clamping: timestamp.nanosecondsSinceEpoch)
    }

    static func timestamp(_ value: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: UInt64(max(value, 0)))
    }

    /// SQLite stores NaN as NULL; infinities are not costs.
    private static func finite(_ value: Double) -> Double? {
        value.isFinite ? value : nil
    }

    private static func eventJSON(_ event: CollectedEvent) -> JSONValue {
        ["name": .string(event.name), "time": .int(integer(event.time)), "attributes": .object(event.attributes)]
    }

    static func stringList(_ text: String) -> [String] {
        guard case .array(let elements)? = try? JSONValue(parsing: text.utf8) else { return [] }
        return elements.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }

    static func object(_ text: String) -> [String: JSONValue] {
        guard case .object(let members)? = try? JSONValue(parsing: text.utf8) else { return [:] }
        return members
    }

    private static func events(_ text: String) -> [CollectedEvent] {
        guard case .array(let elements)? = try? JSONValue(parsing: text.utf8) else { return [] }
        return elements.compactMap { element in
            guard case .object(let event) = element, case .string(let name)? = event["name"],
                  case .int(let time)? = event["time"] else { return nil }
            var attributes: [String: JSONValue] = [:]
            if case .object(let members)? = event["attributes"] { attributes = members }
            return CollectedEvent(name: name, time: timestamp(time), attributes: attributes)
        }
    }
}
