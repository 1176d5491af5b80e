import Foundation
import Hummingbird
import Sightline

/// The JSON query API: the same questions as the `sightline` query commands.
///
/// - `GET /api/traces?user=&thread=&customer=&label=&meta=&since=&limit=`: traces matching every
///   parameter given, newest first. `meta` repeats: `meta=variant=B` (exact), `meta=score>0.8`
///   (numeric; `<`, `<=`, `>`, `>=`), URL-encoded. `since` is an RFC 3339 time
///   (`2025-01-31T09:00:00Z`), a Unix time in seconds, or a span back from now (`30s`, `15m`,
///   `2h`, `7d`). `limit` is 1 to 10 000, 50 by default.
/// - `GET /api/traces` also takes the viewer's filters and page cursors: see ``TraceListParameters``.
/// - `GET /api/traces/{id}`: one trace with its spans in tree order.
/// - `GET /api/threads/{id}`: the conversation, one turn per trace, oldest first.
/// - `GET /api/users`: totals per user.
///
/// An unknown parameter or a value that does not parse is a 400 that says which.
struct QueryRoutes: Sendable {
    let store: StoreAccess

    func traces(_ request: Request) async throws -> Response {
        let filter = try Self.filter(request)
        return try JSONReply.encode(try await query { try $0.traces(filter) })
    }

    func trace(id rawId: String?) async throws -> Response {
        let id = try Self.pathIdentifier(rawId)
        guard let detail = try await query({ try $0.trace(id: id) }) else {
            throw CollectorHTTPError.notFound("no trace with id '\(id)'")
        }
        return try JSONReply.encode(detail)
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

    private func query<Result: Sendable>(_ work: @escaping @Sendable (TraceStore) throws -> Result) async throws -> Result {
        do {
            return try await store.run(work)
        } catch {
            throw CollectorHTTPError.internalError("the query failed: \(error)")
        }
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
            case "since": filter.since = try since(text, now: .now())
            case "limit":
                guard let limit = Int(text), (1...maximumLimit).contains(limit) else {
                    throw CollectorHTTPError.badRequest("limit must be a whole number from 1 to \(maximumLimit), not '\(text)'")
                }
                filter.limit = limit
            default:
                guard try TraceListParameters.apply(String(key), text, to: &filter) else {
                    throw CollectorHTTPError.badRequest("unknown query parameter '\(key)': use user, thread, customer, "
                        + "label, meta, since, limit or " + TraceListParameters.names.joined(separator: ", "))
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
        if let seconds = Double(text), seconds >= 0, seconds < 1e10 {
            return Timestamp(nanosecondsSinceEpoch: UInt64(seconds * 1e9))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        if let date = formatter.date(from: text) ?? plain.date(from: text), date.timeIntervalSince1970 >= 0 {
            return Timestamp(nanosecondsSinceEpoch: UInt64(date.timeIntervalSince1970 * 1e9))
        }
        throw CollectorHTTPError.badRequest(
            "since '\(text)' is not a time: use RFC 3339 (2025-01-31T09:00:00Z), Unix seconds, or a span such as 30m, 2h or 7d")
    }

    /// A path segment as the id it encodes (percent-decoded).
    static func pathIdentifier(_ raw: String?) throws -> String {
        guard let raw, !raw.isEmpty else { throw CollectorHTTPError.badRequest("an id is required in the path") }
        return raw.removingPercentEncoding ?? raw
    }
}
