import Sightline
import Synchronization
import Testing
@testable import SightlineCollector

struct StorePatchTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let now = Mutex<UInt64>(1_700_000_000_000_000_000)
        func read() -> Timestamp { Timestamp(nanosecondsSinceEpoch: now.withLock { $0 }) }
        func advance(_ duration: Duration) { now.withLock { $0 += TraceStore.nanoseconds(duration) } }
    }

    private static let trace = StoreIngestTests.chatTrace("trace-p")

    @Test func patchReadsLaminarAndLangWatchMetadataObjects() {
        let patch = MetadataPatch(json: ["userId": "u-2", "session_id": "s-1", "customer_id": 42, "tags": ["a", "a", "b"],
                                         "score": 0.85, "labels_note": "x", "user_id_hint": 1])
        #expect(patch == MetadataPatch(userId: "u-2", threadId: "s-1", customerId: "42", labels: ["a", "b"],
                                       custom: ["score": 0.85, "labels_note": "x", "user_id_hint": 1]))
        // Reserved keys with values of the wrong shape are kept as custom metadata.
        #expect(MetadataPatch(json: ["labels": [1, 2], "user_id": ["x": 1]])
            == MetadataPatch(custom: ["labels": [1, 2], "user_id": ["x": 1]]))
    }

    @Test func patchAppliesOnTopOfSpansAndStaysOnTopOfLaterSpans() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(Array(Self.trace.prefix(2)))

        let outcome = try store.mergeMetadata(traceId: "trace-p", MetadataPatch(
            userId: "patched-user", custom: ["score": 0.85, "variant": "C"]))
        #expect(outcome == .applied)
        // The tool span arrives later, and a root resent as a new span id claims the user again.
        var lateRoot = Self.trace[0]
        lateRoot.spanId = "second-root"
        lateRoot.metadata = ["variant": "D", "score": 0.1, "fresh": true]
        try store.ingest([Self.trace[2], lateRoot])

        var trace = try #require(try store.trace(id: "trace-p")).summary
        #expect(trace.userId == "patched-user" && trace.threadId == "thread-1")
        #expect(trace.metadata == ["score": 0.85, "variant": "C", "fresh": true])

        // A later patch wins over an earlier one.
        try store.mergeMetadata(traceId: "trace-p", MetadataPatch(custom: ["score": 0.95]))
        trace = try #require(try store.trace(id: "trace-p")).summary
        #expect(trace.metadata["score"] == 0.95 && trace.metadata["variant"] == "C")
    }

    @Test func labelsAreUnionedOrReplaced() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(Array(Self.trace.prefix(1)))
        #expect(try store.addLabels(traceId: "trace-p", ["reviewed", "production"]) == .applied)
        #expect(try store.trace(id: "trace-p")?.summary.labels == ["production", "reviewed"])

        // LangWatch's PATCH replaces labels, and they stay replaced when more spans arrive.
        try store.mergeMetadata(traceId: "trace-p", MetadataPatch(labels: ["triaged"]), labels: .replace)
        try store.ingest(Array(Self.trace.dropFirst()))
        #expect(try store.trace(id: "trace-p")?.summary.labels == ["triaged"])
        #expect(try store.traces(TraceFilter(label: "production")).isEmpty)

        try store.addLabels(traceId: "trace-p", ["escalated"])
        #expect(try store.trace(id: "trace-p")?.summary.labels == ["escalated", "triaged"])
        #expect(try store.traces(TraceFilter(label: "escalated")).map(\.traceId) == ["trace-p"])
    }

    @Test func patchForATraceNotYetStoredIsAppliedWhenItArrives() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        let id = TraceID(high: 0xAB, low: 0xCD)
        // Laminar's form (a UUID) before the trace exists; then LangWatch-style labels.
        #expect(try store.mergeMetadata(traceId: id.uuidString, MetadataPatch(json: ["score": 0.85, "reviewer": "alice"]))
            == .pending)
        #expect(try store.addLabels(traceId: id.hex.uppercased(), ["feedback"]) == .pending)
        #expect(try store.statistics().pendingPatches == 2)
        #expect(try store.traces(TraceFilter(metadata: [MetadataCondition(key: "reviewer", .equal, "alice")])).isEmpty)

        let summary = try store.ingest(StoreIngestTests.chatTrace(id.hex))
        #expect(summary.appliedPendingPatches == 2 && summary.newTraces == 1)
        let trace = try #require(try store.trace(id: id.hex)).summary
        #expect(trace.metadata == ["variant": "B", "score": 0.85, "reviewer": "alice"])
        #expect(trace.labels == ["exp", "feedback", "production"])
        #expect(try store.statistics().pendingPatches == 0)
        #expect(try store.traces(TraceFilter(metadata: [try MetadataCondition(parsing: "score>0.8")]))
            .map(\.traceId) == [id.hex])
    }

    @Test func pendingPatchWithReplacedLabelsAppliesOnArrival() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.mergeMetadata(traceId: "trace-p", MetadataPatch(threadId: "moved", labels: ["only"]), labels: .replace)
        try store.ingest(Self.trace)
        let trace = try #require(try store.trace(id: "trace-p")).summary
        #expect(trace.labels == ["only"] && trace.threadId == "moved")
        #expect(try store.thread(id: "moved").map(\.traceId) == ["trace-p"])
        #expect(try store.thread(id: "thread-1").isEmpty)
    }

    @Test func expiredPendingPatchesAreDroppedAndCounted() throws {
        let database = try TemporaryDatabase()
        let clock = ManualClock()
        let store = try TraceStore(path: database.path, pendingPatchLifetime: .seconds(60), readOnly: false,
                                   clock: { clock.read() })
        try store.mergeMetadata(traceId: "late-trace", MetadataPatch(custom: ["score": 1]))
        try store.mergeMetadata(traceId: "trace-p", MetadataPatch(custom: ["score": 2]))
        clock.advance(.seconds(30))
        try store.mergeMetadata(traceId: "trace-p", MetadataPatch(custom: ["reviewer": "bob"]))

        clock.advance(.seconds(31))  // the first two have expired, the third has not
        let summary = try store.ingest(Self.trace)
        #expect(summary.expiredPendingPatches == 2 && summary.appliedPendingPatches == 1)
        #expect(try store.trace(id: "trace-p")?.summary.metadata == ["variant": "B", "reviewer": "bob"])

        try store.ingest(StoreIngestTests.chatTrace("late-trace"))
        #expect(try store.trace(id: "late-trace")?.summary.metadata == ["variant": "B"])
        #expect(try store.statistics() == StoreStatistics(traceCount: 2, spanCount: 6, pendingPatches: 0,
                                                          expiredPendingPatches: 2))
        // The count is kept in the database.
        #expect(try database.store().statistics().expiredPendingPatches == 2)
    }

    @Test func emptyTraceIdIsRefused() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        #expect(throws: TraceStoreError.emptyIdentifier("the trace id")) {
            try store.mergeMetadata(traceId: "", MetadataPatch(custom: ["a": 1]))
        }
    }
}
