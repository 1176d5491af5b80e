import Hummingbird
import Sightline

/// The `GET /api/traces` parameters the web viewer added to the CLI's:
///
/// - `errors=true`: only traces with a failed span;
/// - `model=`, `type=` (a span type: `llm`, `tool`, `rag`, …), `service=`;
/// - `text=`: a span's input or output contains it (ASCII letters in any case);
/// - `minDuration=`, `maxDuration=`: milliseconds; `minCost=`, `maxCost=`: in the cost's unit;
/// - `before=<trace id>`: the next page, the traces listed after that one (a keyset cursor on
///   start time then arrival, so a page costs the same however deep it is);
/// - `after=<trace id>`: the traces listed before that one, newer: what arrived since.
enum TraceListParameters {
    static let names = ["errors", "model", "type", "service", "text", "minDuration", "maxDuration", "minCost",
                        "maxCost", "before", "after"]

    /// Sets the field `key` names; false when `key` is none of ``names``.
    static func apply(_ key: String, _ text: String, to filter: inout TraceFilter) throws -> Bool {
        switch key {
        case "errors":
            guard let flag = ["true": true, "1": true, "false": false, "0": false][text] else {
                throw CollectorHTTPError.badRequest("errors must be true or false, not '\(text)'")
            }
            filter.errorsOnly = flag
        case "model": filter.model = try nonEmpty(key, text)
        case "type":
            guard let type = SpanType(rawValue: text) else {
                let known = SpanType.allCases.map(\.rawValue).joined(separator: ", ")
                throw CollectorHTTPError.badRequest("type must be a span type (\(known)), not '\(text)'")
            }
            filter.spanType = type
        case "service": filter.serviceName = try nonEmpty(key, text)
        case "text": filter.text = try nonEmpty(key, text)
        case "minDuration": filter.minimumDuration = .milliseconds(try number(key, text))
        case "maxDuration": filter.maximumDuration = .milliseconds(try number(key, text))
        case "minCost": filter.minimumCost = try number(key, text)
        case "maxCost": filter.maximumCost = try number(key, text)
        case "before": filter.before = try nonEmpty(key, text)
        case "after": filter.after = try nonEmpty(key, text)
        default: return false
        }
        return true
    }

    private static func nonEmpty(_ key: String, _ text: String) throws -> String {
        guard !text.isEmpty else { throw CollectorHTTPError.badRequest("\(key) must not be empty") }
        return text
    }

    private static func number(_ key: String, _ text: String) throws -> Double {
        guard let value = Double(text), value.isFinite, value >= 0, value < 1e15 else {
            throw CollectorHTTPError.badRequest("\(key) must be a number of at least 0, not '\(text)'")
        }
        return value
    }
}
