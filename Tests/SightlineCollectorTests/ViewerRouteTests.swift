import Foundation
import Sightline
import Testing
@testable import SightlineCollector

/// The viewer's files, their security headers, the API key exemption, and the routes the
/// viewer added.
@Suite(.timeLimit(.minutes(1)))
struct ViewerRouteTests {
    static let policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

    @Test func thePageAndItsScriptsAreServedWithAStrictPolicy() async throws {
        try await withCollectorRoutes { collector in
            let page = try await collector.send(.GET, "/")
            #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-security-policy"] == Self.policy)
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.text.contains(#"<script type="module" src="/viewer/app.js"></script>"#))
            #expect(!page.text.contains("<script>") && !page.text.contains("style="), "no inline script or style")
            for name in ViewerScripts.modules.map(\.name) {
                let script = try await collector.send(.GET, "/viewer/" + name)
                #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8", "\(name)")
                #expect(script.headers["content-security-policy"] == Self.policy)
            }
            let style = try await collector.send(.GET, "/viewer/style.css")
            #expect(style.status == 200 && style.headers["content-type"] == "text/css; charset=utf-8")
            let missing = try await collector.send(.GET, "/viewer/../api/users")
            #expect(missing.status == 404)
            // The API's replies carry the headers too, refusals included.
            let refused = try await collector.send(.GET, "/api/traces?nope=1")
            #expect(refused.status == 400 && refused.headers["x-content-type-options"] == "nosniff")
        }
    }

    @Test func withAKeyTheFilesLoadWithoutItAndTheAPIDoesNot() async throws {
        try await withCollectorRoutes(apiKey: "k-1") { collector in
            #expect(try await collector.send(.GET, "/").status == 200)
            #expect(try await collector.send(.GET, "/viewer/app.js").status == 200)
            let refused = try await collector.send(.GET, "/api/traces")
            #expect(refused.status == 401 && refused.headers["content-security-policy"] == Self.policy)
            #expect(try await collector.send(.GET, "/api/overview").status == 401)
            #expect(try await collector.send(.GET, "/nowhere").status == 401, "unknown paths still need the key")
            let allowed = try await collector.send(.GET, "/api/overview", headers: [("Authorization", "Bearer k-1")])
            #expect(allowed.status == 200)
        }
    }

    @Test func theTraceListTakesTheViewersParameters() async throws {
        try await withCollectorRoutes { collector in
            for span in [makeSpan(trace: "a", span: "r", type: .llm, start: 1_000, end: 3_000_000, cost: 0.3, isError: true),
                         makeSpan(trace: "b", span: "r", type: .tool, start: 2_000, end: 3_000, input: "hello")] {
                try collector.store.ingest([span])
            }
            func listed(_ query: String) async throws -> [String] {
                let reply = try await collector.send(.GET, "/api/traces?" + query)
                #expect(reply.status == 200, "\(query): \(reply.text)")
                return (try? reply.decoded([TraceSummary].self).map(\.traceId)) ?? []
            }
            #expect(try await listed("errors=true") == ["a"])
            #expect(try await listed("type=tool") == ["b"])
            #expect(try await listed("text=HELLO") == ["b"])
            #expect(try await listed("minDuration=2") == ["a"])
            #expect(try await listed("maxCost=0.5") == ["a"])
            #expect(try await listed("limit=1&before=b") == ["a"])
            #expect(try await listed("after=a") == ["b"])
            for bad in ["type=banana", "errors=maybe", "minCost=-1", "maxDuration=x", "model="] {
                let reply = try await collector.send(.GET, "/api/traces?" + bad)
                #expect(reply.status == 400, "\(bad)")
            }
        }
    }

    @Test func overviewAnswersForARange() async throws {
        try await withCollectorRoutes { collector in
            let now = Timestamp.now().nanosecondsSinceEpoch
            try collector.store.ingest([makeSpan(trace: "a", span: "r", start: now - 1_000_000_000, end: now, cost: 0.25)])
            let reply = try await collector.send(.GET, "/api/overview?since=1h&intervals=6")
            let overview = try reply.decoded(Overview.self)
            #expect(overview.intervals.count == 6 && overview.intervals.map(\.traces).reduce(0, +) == 1)
            #expect(overview.intervals.last?.cost == 0.25)
            #expect(try await collector.send(.GET, "/api/overview?intervals=0").status == 400)
            #expect(try await collector.send(.GET, "/api/overview?since=1h&until=2h").status == 400)
        }
    }
}
