import Hummingbird
import Sightline

/// `GET /api/overview?since=&until=&intervals=`: the viewer's charts (see ``Overview``).
/// `since` and `until` read as `/api/traces`' `since` does (RFC 3339, Unix seconds, or a span
/// back from now such as `24h`); by default the last 24 hours up to now, in 48 intervals.
struct OverviewRoute: Sendable {
    let store: StoreAccess

    func overview(_ request: Request) async throws -> Response {
        let now = Timestamp.now()
        var from = try QueryRoutes.since("24h", now: now)
        var to = now
        var intervals = 48
        for (key, value) in request.uri.queryParameters {
            let text = String(value)
            switch key {
            case "since": from = try QueryRoutes.since(text, now: now)
            case "until": to = try QueryRoutes.since(text, now: now)
            case "intervals":
                guard let count = Int(text), (1...1_000).contains(count) else {
                    throw CollectorHTTPError.badRequest("intervals must be a whole number from 1 to 1000, not '\(text)'")
                }
                intervals = count
            default:
                throw CollectorHTTPError.badRequest("unknown query parameter '\(key)': use since, until or intervals")
            }
        }
        guard from < to else { throw CollectorHTTPError.badRequest("since must be before until") }
        let range = (from, to, intervals)
        return try JSONReply.encode(try await store.read("the overview query failed") {
            try $0.overview(from: range.0, to: range.1, intervals: range.2)
        })
    }
}
