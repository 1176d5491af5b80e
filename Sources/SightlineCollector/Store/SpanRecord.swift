import Foundation
import GRDB
import Sightline

/// How a ``CollectedSpan`` is written to and read from the `spans` table.
///
/// Labels, metadata, attributes and events are stored in ``CompactValue``'s binary form (a
/// BLOB). Rows written as JSON text by earlier versions read back the same.
enum SpanRecord {
    static let insertSQL = """
        INSERT INTO spans (trace_key, span_id, parent_span_id, name, kind, type, start_time, end_time,
            first_token_time, is_error, status_message, input, output, model, response_model, provider,
            input_tokens, output_tokens, cost, user_id, thread_id, customer_id, labels, metadata, attributes,
            events, service_name, cache_read_tokens, cache_creation_tokens, reasoning_tokens, cost_computed, links)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (trace_key, span_id) DO NOTHING
        """

    /// Inserts `span` into the trace with key `traceKey` with `statement` (``insertSQL``), its
    /// lists and maps as encoded in `columns` at `position`; false when a span with the same id
    /// is stored there already.
    static func insert(_ span: CollectedSpan, encodedAt position: Int, in columns: EncodedColumns,
                       traceKey: Int64, with statement: BoundStatement) throws -> Bool {
        statement.bind(1, traceKey)
        statement.bind(2, span.spanId)
        statement.bind(3, span.parentSpanId)
        statement.bind(4, span.name)
        statement.bind(5, span.kind)
        statement.bind(6, span.type.rawValue)
        statement.bind(7, integer(span.startTime))
        statement.bind(8, integer(span.endTime))
        statement.bind(9, span.firstTokenTime.map(integer))
        statement.bind(10, span.isError)
        statement.bind(11, span.statusMessage)
        statement.bind(12, span.input)
        statement.bind(13, span.output)
        statement.bind(14, span.model)
        statement.bind(15, span.responseModel)
        statement.bind(16, span.provider)
        statement.bind(17, span.inputTokens)
        statement.bind(18, span.outputTokens)
        statement.bind(19, span.cost)
        statement.bind(20, span.userId)
        statement.bind(21, span.threadId)
        statement.bind(22, span.customerId)
        columns.withColumns(of: position) { labels, metadata, attributes, events in
            statement.bind(23, blob: labels)
            statement.bind(24, blob: metadata)
            statement.bind(25, blob: attributes)
            statement.bind(26, blob: events)
        }
        statement.bind(27, span.serviceName)
        statement.bind(28, span.cacheReadTokens)
        statement.bind(29, span.cacheCreationTokens)
        statement.bind(30, span.reasoningTokens)
        statement.bind(31, span.costComputed)
        if span.links.isEmpty {
            statement.bindNull(32)
            return try statement.execute() > 0
        }
        // Links are rare: encoded here rather than with the columns every span has.
        var links: [UInt8] = []
        CompactValue.write(.array(span.links.map(\.storedValue)), into: &links)
        return try links.withUnsafeBytes { bytes in
            statement.bind(32, blob: bytes)
            return try statement.execute() > 0
        }
    }

    /// The columns ``span(from:traceId:)`` reads, in its order.
    static let selectColumns = """
        span_id, parent_span_id, name, kind, type, start_time, end_time, first_token_time, is_error,
        status_message, input, output, model, response_model, provider, input_tokens, output_tokens, cost,
        user_id, thread_id, customer_id, labels, metadata, attributes, events, service_name, cache_read_tokens,
        cache_creation_tokens, reasoning_tokens, cost_computed, links
        """

    /// A span read back from a row of ``selectColumns``.
    static func span(from row: Row, traceId: String) -> CollectedSpan {
        CollectedSpan(
            traceId: traceId,
            spanId: row[0],
            parentSpanId: row[1],
            name: row[2],
            kind: row[3],
            type: SpanType(rawValue: row[4]) ?? .span,
            startTime: timestamp(row[5]),
            endTime: timestamp(row[6]),
            firstTokenTime: (row[7] as Int64?).map(timestamp),
            isError: row[8],
            statusMessage: row[9],
            input: row[10],
            output: row[11],
            model: row[12],
            responseModel: row[13],
            provider: row[14],
            inputTokens: row[15],
            outputTokens: row[16],
            cacheReadTokens: row[26],
            cacheCreationTokens: row[27],
            reasoningTokens: row[28],
            cost: row[17],
            costComputed: row[29],
            userId: row[18],
            threadId: row[19],
            customerId: row[20],
            labels: stringList(stored(row[21])),
            metadata: object(stored(row[22])),
            attributes: object(stored(row[23])),
            events: events(stored(row[24])),
            links: links(stored(row[30])),
            serviceName: row[25])
    }

    // MARK: Values

    /// Nanoseconds as SQLite's signed 64-bit integer (instants past 2262 are clamped).
    static func integer(_ timestamp: Timestamp) -> Int64 {
        Int64(clamping: timestamp.nanosecondsSinceEpoch)
    }

    static func timestamp(_ value: Int64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: UInt64(max(value, 0)))
    }

    /// A stored list or map column: a ``CompactValue`` BLOB, or JSON text from earlier versions.
    static func stored(_ value: DatabaseValue) -> JSONValue? {
        switch value.storage {
        case .blob(let data): return CompactValue.value(data)
        case .string(let text): return try? JSONValue(parsing: text.utf8)
        default: return nil
        }
    }

    static func links(_ value: JSONValue?) -> [CollectedLink] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap(CollectedLink.init(stored:))
    }

    private static func stringList(_ value: JSONValue?) -> [String] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }

    static func object(_ value: JSONValue?) -> [String: JSONValue] {
        guard case .object(let members)? = value else { return [:] }
        return members
    }

    /// The members of a JSON object text (how pending patches are kept).
    static func object(_ text: String) -> [String: JSONValue] {
        object(try? JSONValue(parsing: text.utf8))
    }

    /// Events as ``CompactValue/write(_:into:)-events`` writes them ([name, time, attributes]),
    /// or as the JSON objects earlier versions wrote.
    static func events(_ value: JSONValue?) -> [CollectedEvent] {
        guard case .array(let elements)? = value else { return [] }
        return elements.compactMap { element in
            let name, time, attributes: JSONValue?
            switch element {
            case .array(let parts) where parts.count == 3:
                (name, time, attributes) = (parts[0], parts[1], parts[2])
            case .object(let event):
                (name, time, attributes) = (event["name"], event["time"], event["attributes"])
            default:
                return nil
            }
            guard case .string(let name)? = name, case .int(let time)? = time else { return nil }
            return CollectedEvent(name: name, time: timestamp(time), attributes: object(attributes))
        }
    }
}
