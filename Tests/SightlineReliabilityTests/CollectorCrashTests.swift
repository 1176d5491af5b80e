import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import SightlineTesting
import Synchronization
import Testing

/// `kill -9` of the real `sightline serve` in the middle of ingestion: after a restart on the
/// same database it opens, and every batch that was acknowledged with 200 is there, whole.
@Suite("Collector crash safety", .timeLimit(.minutes(1)))
struct CollectorCrashTests {
    /// A batch of one trace: what a sender posted and whether the collector acknowledged it.
    struct Batch: Sendable {
        var traceId: TraceID
        var spanIds: Set<SpanID>
        var body: [UInt8]
    }

    /// The batches the collector answered with 200, from every sender.
    final class Acknowledged: Sendable {
        private let batches = Mutex<[Batch]>([])
        func append(_ batch: Batch) { batches.withLock { $0.append(batch) } }
        var all: [Batch] { batches.withLock { $0 } }
    }

    static let spansPerBatch = 10

    static func batch(sender: Int, index: Int) -> Batch {
        let traceId = TraceID.random()
        let root = SpanID.random()
        let spans = (0..<spansPerBatch).map { position in
            FinishedSpan(name: "step \(position)",
                         context: SpanContext(traceId: traceId, spanId: position == 0 ? root : .random(), isSampled: true),
                         parentSpanId: position == 0 ? nil : root, startTime: .now(),
                         attributes: [Attribute("user.id", .string("sender-\(sender)")), Attribute("batch", .int(Int64(index))),
                                      Attribute("payload", .string(String(repeating: "x", count: 500)))])
        }
        return Batch(traceId: traceId, spanIds: Set(spans.map(\.context.spanId)),
                     body: OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "crash-test")))
    }

    @Test func everyAcknowledgedBatchSurvivesKillDashNine() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("collector.db")
        let port = try await freePort()
        let first = try await CollectorProcess.start(port: port, databasePath: database)

        let acknowledged = Acknowledged()
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<4 {
                    group.addTask {
                        for index in 0... {
                            let batch = Self.batch(sender: sender, index: index)
                            // After the kill a request fails: that sender is done.
                            guard let status = try? await first.post("/v1/traces", contentType: "application/x-protobuf",
                                                                     body: batch.body) else { return }
                            if status == 200 { acknowledged.append(batch) }
                        }
                    }
                }
            }
        }
        // Kill while the senders are still posting: some requests are mid-flight.
        #expect(try await waitUntil { acknowledged.all.count >= 60 })
        first.kill()
        try await first.waitForExit()
        await senders.value
        #expect(first.terminationReason == .uncaughtSignal)
        let acked = acknowledged.all

        let second = try await CollectorProcess.start(port: port, databasePath: database)
        var missing: [String] = []
        for batch in acked {
            let (status, body) = try await second.get("/api/traces/\(batch.traceId.hex)")
            guard status == 200 else {
                missing.append("\(batch.traceId.hex): \(status)")
                continue
            }
            let detail = try JSONDecoder().decode(TraceDetail.self, from: Data(body))
            let stored = Set(detail.spans.compactMap { SpanID(hex: $0.span.spanId) })
            if stored != batch.spanIds { missing.append("\(batch.traceId.hex): \(stored.count) of \(batch.spanIds.count) spans") }
        }
        #expect(missing.isEmpty, "acknowledged but not stored: \(missing)")
        // The restarted collector still takes new batches into the same database.
        let after = Self.batch(sender: 9, index: 0)
        #expect(try await second.post("/v1/traces", contentType: "application/x-protobuf", body: after.body) == 200)
        try await second.terminate()
        #expect(acked.count >= 60)
    }
}
