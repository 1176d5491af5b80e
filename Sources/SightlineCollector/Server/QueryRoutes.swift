import Foundation
import Hummingbird
import Sightline

/// The JSON query API: the same questions as the `sightline` query commands.
///
/// - `GET /api/traces?user=&thread=&customer=&label=&meta=&eval=&since=&limit=`: traces matching every
///   parameter given, newest first. `meta` and `eval` repeat, up to 20 times together
///   (``TraceFilter/maximumMetadataConditions``): `meta=variant=B` (exact), `meta=score>0.8`
///   (numeric; `<`, `<=`, `>`, `>=`), `eval=faithfulness<0.5` (an evaluation's score; also `=`
///   and `!=`), `eval=toxicity=fail` (its label; see ``EvaluationCondition``), URL-encoded. `since` is an RFC 3339 time
///   (`2025-01-31T09:00:00Z`), a Unix time in seconds, or a span back from now (`30s`, `15m`,
///   `2h`, `7d`); a time outside 1970-01-01 to 2554-07-21 (what a trace's timestamps hold) is a 400.
///   `limit` is 1 to 10 000, 50 by default.
/// - `GET /api/traces` also takes the viewer's filters and page cursors: see ``TraceListParameters``.
/// - `GET /api/traces/{id}?offset=&limit=`: one trace with a page of its spans in tree order:
///   from `offset` (0 by default), at most `limit` (1 to 1 000, 1 000 by default); the reply's
///   `nextSpanOffset` is where the next page starts, absent after the last.
/// - `GET /api/traces/{id}/spans/{spanId}`: one span, whole (inputs and outputs of any size).
/// - `GET /api/threads/{id}`: the conversation, one turn per trace, oldest first; each turn's
///   input and output at most ``ConversationTurn/textLimit`` characters.
/// - `GET /api/users`: totals per user.
///
/// An unknown parameter or a value that does not parse is a 400 that says which.
struct QueryRoutes: Sendable {
    let store: StoreAccess

    func traces(_ request: Request) async throws -> Response {
        let filter = try Self.filter(request)
        return try JSONReply.encode(try await query { try $0.traces(filter) })
    }

    func trace(_ request: Request, id rawId: String?) async throws -> Response {
        let id = try Self.pathIdentifier(rawId)
        let (offset, limit) = try Self.spanPage(request)
        guard let detail = try await query({ try $0.trace(id: id, spanOffset: offset, spanLimit: limit) }) else {
            throw CollectorHTTPError.notFound("no trace with id '\(id)'")
        }
        return try JSONReply.encode(detail)
    }

    func span(traceId rawTraceId: String?, spanId rawSpanId: String?) async throws -> Response {
        let traceId = try Self.pathIdentifier(rawTraceId)
        let spanId = try Self.pathIdentifier(rawSpanId)
        guard let span = try await query({ try $0.span(traceId: traceId, spanId: spanId) }) else {
            throw CollectorHTTPError.notFound("no span '\(spanId)' in trace '\(traceId)'")
        }
        return try JSONReply.encode(span)
    }

    func thread(id rawId: String?) async throws -> Response {
        let id = try Self.pathIdentifier(rawId)
        let turns = try await query { try $0.thread(id: id) }
        guard !turns.isEmpty else { throw CollectorHTTPError.notFound("no traces in thread '\(id)'") }
        return try JSONReply.encode(turns)
    }

    func users() async throws -> Response {
        try JSONReply.encode(try await query { try $0.users() })
    }

    private func query<Result: Sendable>(_ work: @escaping @Sendable (any TraceStoring) throws -> Result) async throws -> Result {
        try await store.read("the query failed", work)
    }

    // MARK: Parameters

    static let maximumLimit = 10_000

    /// The filter the request's query parameters describe.
    static func filter(_ request: Request) throws -> TraceFilter {
        var filter = TraceFilter()
        for (key, value) in request.uri.queryParameters {
            let text = String(value)
            switch key {
            case "user": filter.userId = text
            case "thread": filter.threadId = text
            case "customer": filter.customerId = text
            case "label": filter.label = text
            case "meta":
                do {
                    filter.metadata.append(try MetadataCondition(parsing: text))
                } catch {
                    throw CollectorHTTPError.badRequest("\(error)")
                }
            case "eval":
                do {
                    filter.evaluations.append(try EvaluationCondition(parsing: text))
                } catch {
                    throw CollectorHTTPError.badRequest("\(error)")
                }
            case "since": filter.since = try since(text, now: .now())
            case "limit":
                guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
                    throw CollectorHTTPError.badRequest("limit must be a whole number from 1 to \(maximumLimit), not '\(text)'")
                }
                filter.limit = limit
            default:
                guard try TraceListParameters.apply(String(key), text, to: &filter) else {
                    throw CollectorHTTPError.badRequest("unknown query parameter '\(key)': use user, thread, customer, "
                         + "label, meta, eval, since, limit or " + TraceListParameters.names.joined(separator: ", "))
                }
            }
        }
        return filter
    }

    /// The instant `text` names: RFC 3339, Unix seconds, or a span back from `now`.
    static func since(_ text: String, now: Timestamp) throws -> Timestamp {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let amount = Double(text.dropLast()), amount >= 0, amount.isFinite {
            // Compared in Double, then clamped in integers: Double(now) may round above `now`.
            let nanoseconds = amount * unit * 1e9
            guard nanoseconds < Double(now.nanosecondsSinceEpoch) else { return Timestamp(nanosecondsSinceEpoch: 0) }
            let back = min(UInt64(nanoseconds), now.nanosecondsSinceEpoch)
            return Timestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - back)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        guard let seconds = Double(text) ?? (formatter.date(from: text) ?? plain.date(from: text))?.timeIntervalSince1970 else {
            throw CollectorHTTPError.badRequest(
                "since '\(text)' is not a time: use RFC 3339 (2025-01-31T09:00:00Z), Unix seconds, or a span such as 30m, 2h or 7d")
        }
        guard let instant = Timestamp(secondsSinceEpoch: seconds) else {
            throw CollectorHTTPError.badRequest(
                "since '\(text)' is out of range: a time from 1970-01-01T00:00:00Z to 2554-07-21T23:34:33Z")
        }
        return instant
    }

    /// The most spans one `GET /api/traces/{id}` returns, and how many by default.
    static let maximumSpanPage = 1_000

    /// `offset` and `limit` of a trace's spans: from 0, and 1 to ``maximumSpanPage`` (its default).
    static func spanPage(_ request: Request) throws -> (offset: Int, limit: Int) {
        var page = (offset: 0, limit: maximumSpanPage)
        for (key, value) in request.uri.queryParameters {
            let text = String(value)
            switch key {
            case "offset":
                guard let offset = Int(text), offset >= 0 else {
                    throw CollectorHTTPError.badRequest("offset must be a whole number from 0, not '\(text)'")
                }
                page.offset = offset
            case "limit":
                guard let limit = Int(text), (1...maximumSpanPage).contains(limit) else {
                    throw CollectorHTTPError.badRequest("limit must be a whole number from 1 to \(maximumSpanPage), not '\(text)'")
                }
                page.limit = limit
            default:
                throw CollectorHTTPError.badRequest("unknown query parameter '\(key)': use offset or limit")
            }
        }
        return page
    }

    /// A path segment as the id it encodes (percent-decoded).
    static func pathIdentifier(_ raw: String?) throws -> String {
        guard let raw, !raw.isEmpty else { throw CollectorHTTPError.badRequest("an id is required in the path") }
        return raw.removingPercentEncoding ?? raw
    }
}
