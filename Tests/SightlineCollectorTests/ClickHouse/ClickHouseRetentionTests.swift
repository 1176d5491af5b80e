import Foundation
import Sightline
import Testing
@testable import SightlineCollector

/// The retention option: ClickHouse deletes what ended longer ago than the retention (when it
/// writes or merges a part: an insert of spans already past it stores nothing of them), and
/// keeps the rest. The same spans in a store without retention are all kept.
@Suite(.enabled(if: ClickHouseTestServer.shouldRun, ClickHouseTestServer.skipReason))
struct ClickHouseRetentionTests {
    @Test func tracesOlderThanTheRetentionAreDeletedAndNewerOnesKept() throws {
        let now = Timestamp.now().nanosecondsSinceEpoch
        let day: UInt64 = 86_400 * 1_000_000_000
        let spans = [
            makeSpan(trace: "old", span: "root", start: now - 30 * day, end: now - 30 * day + 1_000, userId: "ana"),
            makeSpan(trace: "recent", span: "root", start: now - day, end: now - day + 1_000, userId: "ana"),
        ]
        let kept = try TemporaryClickHouseDatabase()
        let keeping = try kept.store()
        let expiring = try TemporaryClickHouseDatabase()
        let retaining = try ClickHouseTraceStore(address: expiring.address, options: .init(retention: .seconds(7 * 86_400)))
        for (store, database) in [(keeping, kept), (retaining, expiring)] {
            try store.ingest(spans)
            // A final merge applies any TTL now rather than at the next merge.
            for (table, _) in ClickHouseSchema.expiringTables {
                try store.connection.execute("OPTIMIZE TABLE \(database.address.database).\(table) FINAL")
            }
        }
        #expect(try keeping.traces(TraceFilter()).map(\.traceId) == ["recent", "old"])
        #expect(try keeping.statistics().spanCount == 2)
        #expect(try retaining.traces(TraceFilter()).map(\.traceId) == ["recent"])
        #expect(try retaining.statistics().spanCount == 1)
        #expect(try retaining.trace(id: "old", spanOffset: 0, spanLimit: 10) == nil)
        #expect(try retaining.trace(id: "recent", spanOffset: 0, spanLimit: 10)?.spans.count == 1)
    }
}
