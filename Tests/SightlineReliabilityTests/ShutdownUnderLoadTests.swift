import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import SightlineTesting
import Synchronization
import Testing

/// SIGTERM stops `sightline serve` within its grace period whatever it is doing: clients that
/// send half a request and stop, a label flood being stored, senders posting batches. Every
/// batch acknowledged before the stop is in the database afterwards. A half-sent request once
/// held the server's graceful shutdown open for good.
@Suite("Shutdown under load", .timeLimit(.minutes(1)))
struct ShutdownUnderLoadTests {
    final class Acknowledged: Sendable {
        private let traces = Mutex<[TraceID]>([])
        func append(_ id: TraceID) { traces.withLock { $0.append(id) } }
        var all: [TraceID] { traces.withLock { $0 } }
    }

    @Test func sigtermStopsWithinTheGracePeriodAndKeepsWhatWasAcknowledged() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("c.db")
        // The default grace period, 10 s.
        let gracePeriod = 10.0
        let collector = try await CollectorProcess.start(databasePath: database)
        defer { collector.kill() }

        // Requests that never finish: a head cut short, a body announced as 1,000 bytes with 10 sent.
        var stalled: [RawConnection] = []
        for index in 0..<20 {
            let connection = try #require(RawConnection(port: collector.port))
            connection.send(index.isMultiple(of: 2)
                ? "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1000\r\n\r\n0123456789"
                : "GET /api/users HTTP/1.1\r\nHost: x\r\n")
            stalled.append(connection)
        }
        defer { for connection in stalled { connection.close() } }

        let acknowledged = Acknowledged()
        let senders = Task {
            await withTaskGroup(of: Void.self) { group in
                for sender in 0..<2 {
                    group.addTask {
                        for index in 0... {
                            let traceId = TraceID.random()
                            let span = FinishedSpan(name: "s\(sender)-\(index)",
                                                    context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                                    startTime: .now())
                            let body = OTLPProtobufEncoder().encode([span], resource: Resource(serviceName: "load"))
                            guard let status = try? await collector.post("/v1/traces", contentType: "application/x-protobuf",
                                                                         body: body) else { return }
                            if status == 200 { acknowledged.append(traceId) }
                        }
                    }
                }
            }
        }
        // A label flood the store takes seconds over.
        let labels = (0..<600_000).map { "\"l\($0)\"" }.joined(separator: ",")
        let flood = Task {
            try? await collector.post("/api/collector", contentType: "application/json", body: Array("""
                {"trace_id": "flood", "spans": [{"type": "span", "span_id": "s", "name": "n",
                  "timestamps": {"started_at": 1699900000000, "finished_at": 1699900001000}}],
                 "metadata": {"labels": [\(labels)]}}
                """.utf8))
        }
        try await waitUntil(.seconds(10)) { acknowledged.all.count >= 20 }
        try await Task.sleep(for: .milliseconds(300))

        let start = ContinuousClock.now
        collector.signalTerminate()
        let stopped = try await waitUntil(.seconds(20)) { !collector.isRunning }
        let seconds = seconds(from: start)
        senders.cancel()
        flood.cancel()
        #expect(stopped, "still running 20 s after SIGTERM")
        // The grace period is the collector's own timer; under a sanitizer, the exit that follows it
        // is slower too (ThreadSanitizer alone sleeps a second before a process exits).
        let exitAllowance = 0.5 * Double(testTimeScale - 1)
        #expect(seconds < gracePeriod + exitAllowance, "stopped \(seconds) s after SIGTERM; grace period \(gracePeriod) s")
        #expect(collector.terminationReason == .exit, "ended by a signal: \(collector.printed)")

        let ids = acknowledged.all
        #expect(ids.count >= 20)
        let store = try TraceStore(path: database)
        for id in ids {
            #expect(try store.trace(id: id.hex) != nil, "acknowledged trace \(id.hex) is missing")
        }
    }
}
