import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// `shutdown(timeout:)`: within its deadline against a dead endpoint, complete against a live one.
@Suite("Shutdown", .timeLimit(.minutes(1)))
struct ShutdownTests {
    @Test func withADeadEndpointShutdownReturnsWithinItsDeadlineAndStopsExporting() async throws {
        let receiver = try await FakeOTLPReceiver.start(listening: false)
        // The exporter alone would keep retrying for 30 s.
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(30)),
                                            retryPolicy: Reliability.quickRetries)
        let warnings = WarningLog()
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(scheduleDelay: .milliseconds(10), exportTimeout: .seconds(60)),
                                  warnings: warnings)
        let created = Reliability.endSpans(300, in: sdk)
        #expect(try await waitUntil { exporter.statistics.retries >= 2 })

        let start = ContinuousClock.now
        await sdk.shutdown(timeout: .seconds(1))
        let elapsed = seconds(from: start)
        // A loose bound (the suite shares two threads), far below the exporter's 30 s.
        #expect(elapsed < 10, "shutdown took \(elapsed) s")
        #expect(warnings.all.contains { $0.contains("shutdown deadline") })

        // Nothing is sent after shutdown returned, even once the endpoint is back, and the
        // spans that could not be delivered are counted as failed.
        let diagnostics = sdk.diagnostics
        #expect(try await waitUntil(.seconds(10)) { diagnostics.value(of: .spansFailedExport) == created.count })
        let requestsAfterShutdown = exporter.statistics.requests
        try await receiver.startListening()
        try await Task.sleep(for: .milliseconds(500))
        #expect(exporter.statistics.requests == requestsAfterShutdown)
        #expect(receiver.requestsStarted == 0)
        #expect(diagnostics.value(of: .spansExported) == 0)
        await receiver.stop()

        // Spans ended after shutdown are dropped and counted.
        _ = Reliability.endSpans(3, in: sdk)
        #expect(diagnostics.value(of: .spansDroppedAfterShutdown) == 3)
    }

    @Test func withALiveEndpointShutdownDeliversEverythingQueued() async throws {
        let receiver = try await FakeOTLPReceiver.start()
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(10)),
                                            retryPolicy: Reliability.quickRetries)
        // A long schedule delay and a large batch: nothing ships until shutdown asks.
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(maxQueueSize: 4096, scheduleDelay: .seconds(60),
                                                                   maxExportBatchSize: 4096))
        let created = Reliability.endSpans(1500, in: sdk)
        #expect(receiver.requestsStarted == 0)
        await sdk.shutdown(timeout: .seconds(20))
        let accepted = receiver.acceptedSpanIds
        await receiver.stop()
        #expect(accepted.count == created.count)
        #expect(Set(accepted) == Set(created))
        #expect(sdk.diagnostics.value(of: .spansExported) == created.count)
    }

    @Test func shutdownWhileTheEndpointAsksForRetriesStillDelivers() async throws {
        let receiver = try await FakeOTLPReceiver.start()
        receiver.script(.serviceUnavailable(retryAfter: "1"), .closeMidResponse)
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(10)),
                                            retryPolicy: Reliability.quickRetries)
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(scheduleDelay: .seconds(60)))
        let created = Reliability.endSpans(100, in: sdk)
        await sdk.shutdown(timeout: .seconds(20))
        let accepted = receiver.acceptedSpanIds
        await receiver.stop()
        #expect(occurrences(accepted).values.allSatisfy { $0 == 1 })
        #expect(Set(accepted) == Set(created))
        #expect(exporter.statistics.retries == 2)
    }
}
