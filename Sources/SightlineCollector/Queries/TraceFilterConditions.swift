import GRDB
import Sightline

/// The SQL conditions, on a trace `t`, of the ``TraceFilter`` fields the web viewer added:
/// errors only, model, span type, service, text in input or output, duration and cost ranges.
///
/// Each is checked trace by trace as the query walks its driving index newest first; the span
/// conditions look at the trace's own spans through the `(trace_key, span_id)` index.
enum TraceFilterConditions {
    static func conditions(of filter: TraceFilter) -> [(sql: String, arguments: [DatabaseValue])] {
        var conditions: [(sql: String, arguments: [DatabaseValue])] = []
        if filter.errorsOnly { conditions.append(("t.error_count > 0", [])) }
        if let service = filter.serviceName { conditions.append(("t.service_name = ?", [service.databaseValue])) }
        if let minimum = filter.minimumDuration {
            conditions.append(("t.end_time - t.start_time >= ?", [nanoseconds(minimum).databaseValue]))
        }
        if let maximum = filter.maximumDuration {
            conditions.append(("t.end_time - t.start_time <= ?", [nanoseconds(maximum).databaseValue]))
        }
        if let minimum = filter.minimumCost { conditions.append(("t.cost >= ?", [minimum.databaseValue])) }
        if let maximum = filter.maximumCost { conditions.append(("t.cost <= ?", [maximum.databaseValue])) }
        if let model = filter.model {
            conditions.append((spanExists("(s.model = ? OR s.response_model = ?)"),
                               [model.databaseValue, model.databaseValue]))
        }
        if let type = filter.spanType {
            conditions.append((spanExists("s.type = ?"), [type.rawValue.databaseValue]))
        }
        if let text = filter.text, !text.isEmpty {
            let pattern = "%" + escapedForLike(text) + "%"
            conditions.append((spanExists("(s.input LIKE ? ESCAPE '\\' OR s.output LIKE ? ESCAPE '\\')"),
                               [pattern.databaseValue, pattern.databaseValue]))
        }
        return conditions
    }

    /// The keyset of the list's order, newest first: a trace's start time, then its key (which
    /// grows with arrival). `startTime` and `key` are the driving table's columns for them;
    /// the cursor traces are found by their trace id.
    static func cursorConditions(of filter: TraceFilter, startTime: String,
                                 key: String) -> [(sql: String, arguments: [DatabaseValue])] {
        let cursorStart = "(SELECT c.start_time FROM traces c WHERE c.trace_id = ?)"
        let cursorKey = "(SELECT c.id FROM traces c WHERE c.trace_id = ?)"
        var conditions: [(sql: String, arguments: [DatabaseValue])] = []
        if let before = filter.before {
            let id = TraceIdentifier.canonical(before).databaseValue
            conditions.append(("\(startTime) <= \(cursorStart) AND (\(startTime) < \(cursorStart) OR \(key) < \(cursorKey))",
                               [id, id, id]))
        }
        if let after = filter.after {
            let id = TraceIdentifier.canonical(after).databaseValue
            conditions.append(("\(startTime) >= \(cursorStart) AND (\(startTime) > \(cursorStart) OR \(key) > \(cursorKey))",
                               [id, id, id]))
        }
        return conditions
    }

    private static func spanExists(_ condition: String) -> String {
        "EXISTS (SELECT 1 FROM spans s WHERE s.trace_key = t.id AND \(condition))"
    }

    /// `text` with LIKE's wildcards and the escape character taken literally.
    static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        Int64(clamping: TraceStore.nanoseconds(duration))
    }
}
