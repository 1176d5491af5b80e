import Foundation
import SightlineCollector
import Testing

/// Error replies say what was wrong with the request and never carry the store's own text:
/// 1,000 `meta=` conditions once gave a 500 whose message held SQLite's "Expression tree is too
/// large (maximum depth 1000)".
@Suite("Error replies", .timeLimit(.minutes(1)))
struct ErrorReplyTests {
    static func metaQuery(_ count: Int) -> String {
        "/api/traces?" + (0..<count).map { "meta=k\($0)%3D\($0)" }.joined(separator: "&")
    }

    @Test func moreMetadataConditionsThanTheLimitAre400WithoutInternals() async throws {
        try await InProcessCollector.with { collector in
            let limit = TraceFilter.maximumMetadataConditions
            #expect(try await collector.send(.GET, Self.metaQuery(limit)).status == 200)
            for count in [limit + 1, 1_000] {
                let reply = try await collector.send(.GET, Self.metaQuery(count))
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(reply.status == 400, "\(count): \(text)")
                #expect(text.contains("\(count) metadata and evaluation conditions given; a query takes at most \(limit)"), "\(text)")
                for word in ["SQL", "Expression", "SELECT", "sqlite", "GRDB", "trace_metadata"] {
                    #expect(!text.localizedCaseInsensitiveContains(word), "\(count): \(text)")
                }
            }
        }
    }
}
