import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// The SDK while its endpoint is down: spans keep coming, what the queue holds is delivered
/// exactly once after recovery, what it cannot hold is dropped and counted, and the threads
/// that end spans never wait for the exporter.
@Suite("Outage: endpoint down, then back", .timeLimit(.minutes(1)))
struct OutageTests {
    enum Outage: String, CaseIterable, Sendable {
        case connectionsRefused, serviceUnavailable
    }

    static func takeDown(_ receiver: FakeOTLPReceiver, _ outage: Outage) async {
        switch outage {
        case .connectionsRefused: await receiver.stopListening()
        case .serviceUnavailable: receiver.reply = .serviceUnavailable(retryAfter: nil)
        }
    }

    static func bringBack(_ receiver: FakeOTLPReceiver, _ outage: Outage) async throws {
        switch outage {
        case .connectionsRefused: try await receiver.startListening()
        case .serviceUnavailable: receiver.reply = .ok
        }
    }

    @Test(arguments: Outage.allCases)
    func spansTheQueueHoldsAreDeliveredExactlyOnceAfterRecovery(outage: Outage) async throws {
        let receiver = try await FakeOTLPReceiver.start()
        await Self.takeDown(receiver, outage)
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(30)),
                                            retryPolicy: Reliability.quickRetries)
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(maxQueueSize: 1000, scheduleDelay: .milliseconds(10),
                                                                   exportTimeout: .seconds(30), maxExportBatchSize: 50))
        // Spans keep coming while the exporter is failing.
        var created = Reliability.endSpans(200, in: sdk, prefix: "before")
        #expect(try await waitUntil { exporter.statistics.retries >= 3 })
        created += Reliability.endSpans(200, in: sdk, prefix: "during")
        #expect(try await waitUntil { exporter.statistics.retries >= 6 })
        #expect(receiver.acceptedSpanIds.isEmpty)

        try await Self.bringBack(receiver, outage)
        created += Reliability.endSpans(200, in: sdk, prefix: "after")
        await sdk.flush()
        let accepted = receiver.acceptedSpanIds
        let diagnostics = sdk.diagnostics
        await sdk.shutdown(timeout: .seconds(5))
        await receiver.stop()

        #expect(accepted.count == created.count)
        #expect(Set(accepted) == Set(created))
        #expect(occurrences(accepted).values.allSatisfy { $0 == 1 }, "a span was delivered twice")
        #expect(diagnostics.value(of: .spansExported) == 600)
        #expect(diagnostics.value(of: .spansDroppedQueueFull) == 0)
        #expect(diagnostics.value(of: .spansFailedExport) == 0)
    }

    @Test func beyondTheQueuesCapacityEveryDropIsCounted() async throws {
        let receiver = try await FakeOTLPReceiver.start(listening: false)
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(30)),
                                            retryPolicy: Reliability.quickRetries)
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(maxQueueSize: 100, scheduleDelay: .milliseconds(10),
                                                                   exportTimeout: .seconds(30), maxExportBatchSize: 20))
        var created = Reliability.endSpans(20, in: sdk)
        #expect(try await waitUntil { exporter.statistics.retries >= 2 })
        created += Reliability.endSpans(280, in: sdk)
        let diagnostics = sdk.diagnostics
        // Spans being exported count against the queue: nothing got through, so 100 are held.
        #expect(diagnostics.value(of: .spansDroppedQueueFull) == 200)

        try await receiver.startListening()
        await sdk.flush()
        let accepted = receiver.acceptedSpanIds
        await sdk.shutdown(timeout: .seconds(5))
        await receiver.stop()

        #expect(occurrences(accepted).values.allSatisfy { $0 == 1 }, "a span was delivered twice")
        #expect(Set(accepted).isSubset(of: Set(created)))
        #expect(accepted.count == 100)
        #expect(accepted.count + diagnostics.value(of: .spansDroppedQueueFull) == created.count)
        #expect(diagnostics.value(of: .spansExported) == accepted.count)
        #expect(diagnostics.value(of: .spansEnded) == created.count)
    }

    @Test func endingSpansNeverWaitsForAnExportThatHangs() async throws {
        let receiver = try await FakeOTLPReceiver.start(reply: .hang)
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(5)),
                                            retryPolicy: Reliability.quickRetries)
        // Batches ship only when full (or flushed), so the hung request holds exactly the first 50
        // spans however slowly they end (a sanitizer run takes longer than any short delay).
        let sdk = Reliability.sdk(exporter: exporter, batch: .init(maxQueueSize: 500, scheduleDelay: .seconds(60),
                                                                   exportTimeout: .seconds(30), maxExportBatchSize: 50))
        var created = Reliability.endSpans(50, in: sdk)
        // The export loop is now stuck in a request that gets no answer.
        #expect(try await waitUntil { receiver.requests.count == 1 })

        // Thousands of spans end while it is stuck; were `end()` to wait for the exporter, this
        // loop would not finish before the request times out.
        created += Reliability.endSpans(5000, in: sdk)
        #expect(exporter.statistics.batchesFailed == 0, "the hung request timed out before the spans were ended")
        #expect(receiver.acceptedSpanIds.isEmpty)

        receiver.reply = .ok
        await sdk.flush()
        let accepted = receiver.acceptedSpanIds
        let diagnostics = sdk.diagnostics
        await sdk.shutdown(timeout: .seconds(5))
        await receiver.stop()

        // The books balance: every span ended was delivered, failed with its batch, or dropped.
        let failed = diagnostics.value(of: .spansFailedExport)
        let dropped = diagnostics.value(of: .spansDroppedQueueFull)
        #expect(failed == 50)
        #expect(dropped == 5050 - 500)
        #expect(accepted.count + failed + dropped == created.count)
        #expect(occurrences(accepted).values.allSatisfy { $0 == 1 })
        #expect(diagnostics.value(of: .spansExported) == accepted.count)
    }
}
