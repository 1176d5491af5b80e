import NIOHTTP1
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

/// Retries, Retry-After and the export deadline, against a real HTTP server on loopback.
@Suite("OTLP/HTTP exporter: retries and deadline", .timeLimit(.minutes(1)))
struct OTLPHTTPExporterRetryTests {
    typealias Support = ExporterTestSupport

    @Test func serviceUnavailableThenOKDeliversExactlyOnce() async throws {
        let batch = Support.batch()
        let (requests, statistics) = try await FakeOTLPReceiver.with(script: [
            .respond(.serviceUnavailable, body: Array("overloaded".utf8)),
        ]) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await exporter.export(batch)
                // Nothing goes on in the background after the export returned.
                try await Task.sleep(for: .milliseconds(600))
                return (server.requests, exporter.statistics)
            }
        }
        #expect(requests.count == 2)
        #expect(requests[0].body == requests[1].body)
        let decoded = try OTLPProtobufDecoder().decode(requests[1].body)
        #expect(decoded.spans.map(\.spanId) == batch.spans.map(\.context.spanId))
        #expect(statistics.requests == 2)
        #expect(statistics.retries == 1)
        #expect(statistics.batchesAccepted == 1)
        #expect(statistics.batchesFailed == 0)
        // The default policy waits 0.25 to 0.5 s before the first retry.
        let gap = seconds(from: requests[0].arrival, to: requests[1].arrival)
        #expect(gap >= 0.24 && gap < 2 * Double(testTimeScale), "gap \(gap) s")
    }

    @Test(arguments: [429, 502, 503, 504])
    func transientStatusesAreRetried(status: Int) async throws {
        let requests = try await FakeOTLPReceiver.with(script: [
            .respond(HTTPResponseStatus(statusCode: status)), .respond(HTTPResponseStatus(statusCode: status)),
        ]) { server in
            let policy = OTLPRetryPolicy(initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(50))
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL), retryPolicy: policy) { exporter in
                try await exporter.export(Support.batch())
            }
            return server.requests
        }
        #expect(requests.count == 3)
    }

    @Test func retryAfterInSecondsIsHonoured() async throws {
        let requests = try await FakeOTLPReceiver.with(script: [.respond(.tooManyRequests, headers: ["Retry-After": "1"])]) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await exporter.export(Support.batch())
            }
            return server.requests
        }
        #expect(requests.count == 2)
        // Without the header the wait would be at most 0.5 s.
        let gap = seconds(from: requests[0].arrival, to: requests[1].arrival)
        #expect(gap >= 0.98 && gap < 2.5 * Double(testTimeScale), "gap \(gap) s")
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() async throws {
        // Two to three seconds ahead (the date format has whole seconds).
        let dateSeconds = Support.unixSeconds + 3 * testTimeScale
        let date = Support.imfFixdate(dateSeconds)
        let requests = try await FakeOTLPReceiver.with(script: [.respond(.serviceUnavailable, headers: ["Retry-After": date])]) { server in
            let settings = OTLPSettings(endpoint: server.baseURL, timeout: .seconds(10 * testTimeScale))
            try await Support.withExporter(settings) { exporter in
                try await exporter.export(Support.batch())
            }
            return server.requests
        }
        #expect(requests.count == 2)
        let gap = seconds(from: requests[0].arrival, to: requests[1].arrival)
        // The wait the date asked for, seen from the first request's arrival.
        let asked = Double(dateSeconds) - Double(requests[0].wallClockArrival.nanosecondsSinceEpoch) / 1e9
        #expect(asked > 1)
        #expect(gap >= asked - 0.05 && gap < asked + Double(testTimeScale), "gap \(gap) s, asked \(asked) s by Retry-After: \(date)")
    }

    @Test func aRetryAfterPastTheDeadlineEndsTheExportAtOnce() async throws {
        let clock = ContinuousClock()
        let (error, elapsed, count) = try await FakeOTLPReceiver.with(reply: .respond(.serviceUnavailable, headers: ["Retry-After": "30"],
                                                                                   body: Array("maintenance".utf8))) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, timeout: .seconds(3))) { exporter in
                let start = clock.now
                let error = await Support.exportError(exporter, Support.batch())
                return (error, seconds(from: start, to: clock.now), server.requests.count)
            }
        }
        #expect(count == 1)
        #expect(elapsed < Double(testTimeScale), "waited \(elapsed) s")
        guard case .retriesExhausted(let attempts, let status, let message, .deadline(let wait))? = error as? OTLPExportError else {
            Issue.record("expected retriesExhausted by the deadline, got \(String(describing: error))")
            return
        }
        #expect(attempts == 1)
        #expect(status == 503)
        #expect(message == "maintenance")
        #expect(wait == .seconds(30))
    }

    @Test func theAttemptLimitStopsRetries() async throws {
        let (error, count) = try await FakeOTLPReceiver.with(reply: .respond(.badGateway)) { server in
            let policy = OTLPRetryPolicy(maximumAttempts: 3, initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(20))
            return try await Support.withExporter(OTLPSettings(endpoint: server.baseURL), retryPolicy: policy) { exporter in
                let error = await Support.exportError(exporter, Support.batch())
                #expect(exporter.statistics.batchesFailed == 1)
                return (error, server.requests.count)
            }
        }
        #expect(count == 3)
        guard case .retriesExhausted(3, 502, _, .attemptLimit)? = error as? OTLPExportError else {
            Issue.record("expected retriesExhausted after 3 attempts, got \(String(describing: error))")
            return
        }
    }

    @Test func connectionRefusedThenServerUpDelivers() async throws {
        let port = try await freePort()
        let batch = Support.batch()
        let policy = OTLPRetryPolicy(maximumAttempts: 50, initialBackoff: .milliseconds(20), maximumBackoff: .milliseconds(50))
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: "http://127.0.0.1:\(port)", timeout: .seconds(20)),
                                            retryPolicy: policy)
        let export = Task { try await exporter.export(batch) }
        // Let at least two attempts be refused (a retry is counted once its attempt has failed;
        // waiting on the count, not the clock, keeps a loaded machine from failing the test),
        // then start the server inside the deadline.
        try await waitUntil(.seconds(10)) { exporter.statistics.retries >= 2 }
        let refusedSoFar = exporter.statistics.retries
        let requests = try await FakeOTLPReceiver.with(port: port) { server in
            try await export.value
            return server.requests
        }
        let statistics = exporter.statistics
        await exporter.shutdown()
        #expect(refusedSoFar >= 2)
        #expect(statistics.retries >= 2)
        #expect(statistics.batchesAccepted == 1)
        #expect(requests.count == 1)
        let decoded = try OTLPProtobufDecoder().decode(try #require(requests.first).body)
        #expect(decoded.spans.map(\.spanId) == batch.spans.map(\.context.spanId))
    }

    @Test func connectionRefusedUntilTheDeadlineFailsWithinIt() async throws {
        let port = try await freePort()
        let clock = ContinuousClock()
        let (error, elapsed) = try await Support.withExporter(
            OTLPSettings(endpoint: "http://127.0.0.1:\(port)", timeout: .milliseconds(1500 * testTimeScale))
        ) { exporter in
            let start = clock.now
            let error = await Support.exportError(exporter, Support.batch())
            return (error, seconds(from: start, to: clock.now))
        }
        #expect(elapsed < 2 * Double(testTimeScale), "took \(elapsed) s")
        guard let error = error as? OTLPExportError else {
            Issue.record("expected an OTLPExportError, got \(String(describing: error))")
            return
        }
        switch error {
        case .retriesExhausted(let attempts, nil, let message, _):
            #expect(attempts >= 2)
            #expect(message.contains("connection"))
        case .timedOut:
            break
        default:
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theDeadlineHoldsWhenTheServerNeverAnswers() async throws {
        let clock = ContinuousClock()
        let (error, elapsed, count) = try await FakeOTLPReceiver.with(reply: .hang) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, timeout: .seconds(1))) { exporter in
                let start = clock.now
                let error = await Support.exportError(exporter, Support.batch())
                return (error, seconds(from: start, to: clock.now), server.requests.count)
            }
        }
        #expect(count == 1)
        #expect(elapsed >= 0.95 && elapsed < 1 + 0.6 * Double(testTimeScale), "took \(elapsed) s")
        #expect(error as? OTLPExportError == .timedOut(after: .seconds(1), attempts: 1))
    }

    @Test func cancellingTheExportStopsItPromptly() async throws {
        let clock = ContinuousClock()
        let retryAfter = 3 * testTimeScale
        try await FakeOTLPReceiver.with(reply: .respond(.serviceUnavailable, headers: ["Retry-After": "\(retryAfter)"])) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, timeout: .seconds(20 * testTimeScale))) { exporter in
                let start = clock.now
                let export = Task { try await exporter.export(Support.batch()) }
                try await Task.sleep(for: .milliseconds(300))
                export.cancel()
                let result = await export.result
                #expect(seconds(from: start, to: clock.now) < 1.5 * Double(testTimeScale))
                #expect(throws: CancellationError.self) { try result.get() }
                #expect(server.requests.count == 1)
            }
        }
    }
}
