import Foundation
import Hummingbird
import HummingbirdTesting
import Sightline
@testable import SightlineCollector
import SightlineOTLP
import SightlineTesting
import Synchronization
import Testing

/// Slow queries never hold up ingest: a store whose queries block (a scan of millions of spans, a
/// ClickHouse server slow to answer) still stores spans at once, because writes run on threads of
/// their own.
@Suite(.timeLimit(.minutes(1)))
struct StoreLaneTests {
    @Test func spansAreStoredWhileMoreQueriesThanStoreThreadsAreBlocked() async throws {
        let database = try TemporaryDatabase()
        let store = BlockingQueryStore(try database.store())
        let routes = CollectorRoutes(store: store, apiKey: nil, maximumBodySize: 1 << 20, logger: stoppedByCancellationLogger)
        let application = Application(router: routes.router(), logger: stoppedByCancellationLogger)
        try await application.test(.router) { client in
            // More queries than there are threads for them.
            let blockedQueries = 24
            try await withThrowingTaskGroup(of: Int.self) { queries in
                for _ in 0..<blockedQueries {
                    queries.addTask { try await client.executeRequest(uri: "/api/traces", method: .get, headers: [:], body: nil).status.code }
                }
                #expect(try await waitUntil { store.blockedQueryCount >= 16 })

                let started = ContinuousClock.now
                let batch = OTLPProtobufEncoder().encode([FinishedSpan(name: "stored while queries wait",
                                                                       context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                                                                       startTime: .now())],
                                                         resource: Resource(serviceName: "lanes"))
                let reply = try await client.executeRequest(uri: "/v1/traces", method: .post,
                                                            headers: [.contentType: "application/x-protobuf"], body: ByteBuffer(bytes: batch))
                #expect(reply.status == .ok)
                #expect(ContinuousClock.now - started < .seconds(2 * testTimeScale))
                #expect(store.blockedQueryCount >= 16, "the queries were still blocked while the spans were stored")

                store.releaseQueries()
                var answered = 0
                for try await status in queries {
                    #expect(status == 200)
                    answered += 1
                }
                #expect(answered == blockedQueries)
            }
            #expect(try store.base.statistics().spanCount == 1)
        }
    }
}

/// A SQLite store whose trace queries wait until ``releaseQueries()``.
private final class BlockingQueryStore: TraceStoring {
    let base: TraceStore
    private let released = Mutex(false)
    private let blocked = Mutex(0)

    init(_ base: TraceStore) { self.base = base }

    var blockedQueryCount: Int { blocked.withLock { $0 } }

    func releaseQueries() { released.withLock { $0 = true } }

    var pendingPatchLifetime: Duration { base.pendingPatchLifetime }

    func ingest(_ spans: [CollectedSpan]) throws -> IngestSummary { try base.ingest(spans) }

    func mergeMetadata(traceId: String, _ patch: MetadataPatch, labels: LabelMerge) throws -> PatchOutcome {
        try base.mergeMetadata(traceId: traceId, patch, labels: labels)
    }

    func addEvaluation(traceId: String, name: String, score: Double?, label: String?, explanation: String?) throws -> PatchOutcome {
        try base.addEvaluation(traceId: traceId, name: name, score: score, label: label, explanation: explanation)
    }

    func traces(_ filter: TraceFilter) throws -> [TraceSummary] {
        blocked.withLock { $0 += 1 }
        defer { blocked.withLock { $0 -= 1 } }
        // The thread stays busy, as under a long scan. (It polls: a Dispatch pool, which grew only
        // as its threads blocked, took 5 s here to run the write beside sixteen such queries;
        // queries blocked in a semaphore wait let it grow faster and hid the difference.)
        while !released.withLock({ $0 }) { usleep(1_000) }
        return try base.traces(filter)
    }

    func trace(id: String, spanOffset: Int, spanLimit: Int) throws -> TraceDetail? {
        try base.trace(id: id, spanOffset: spanOffset, spanLimit: spanLimit)
    }

    func span(traceId: String, spanId: String) throws -> CollectedSpan? { try base.span(traceId: traceId, spanId: spanId) }

    func thread(id: String) throws -> [ConversationTurn] { try base.thread(id: id) }

    func users() throws -> [UserSummary] { try base.users() }

    func statistics() throws -> StoreStatistics { try base.statistics() }

    func overview(from: Timestamp, to: Timestamp, intervals: Int) throws -> Overview {
        try base.overview(from: from, to: to, intervals: intervals)
    }
}
