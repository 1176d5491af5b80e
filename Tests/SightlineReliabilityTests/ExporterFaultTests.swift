import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// The OTLP/HTTP exporter against each failure the fault-injecting receiver can play: what is
/// retried, what is final, and that a batch that gets through is stored once.
@Suite("Exporter under injected faults", .timeLimit(.minutes(1)))
struct ExporterFaultTests {
    static let resource = Resource(serviceName: "reliability")

    static func batch(_ count: Int = 40) -> SpanBatch {
        let spans = (0..<count).map { index in
            FinishedSpan(name: "fault \(index)", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                         startTime: .now(),
                         // A few kilobytes in all, so the body arrives in several parts.
                         attributes: [Attribute("payload", .string(String(repeating: "p", count: 200)))])
        }
        return SpanBatch(resource: resource, spans: spans)
    }

    /// Exports one batch against `receiver`; returns the error, if any, and the exporter's statistics.
    static func export(_ batch: SpanBatch, to receiver: FakeOTLPReceiver,
                       timeout: Duration = .seconds(10 * testTimeScale),
                       policy: OTLPRetryPolicy = Reliability.quickRetries) async throws
        -> (error: (any Error)?, statistics: OTLPHTTPExporter.Statistics) {
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: timeout),
                                            retryPolicy: policy)
        var failure: (any Error)?
        do {
            try await exporter.export(batch)
        } catch {
            failure = error
        }
        let statistics = exporter.statistics
        await exporter.shutdown()
        return (failure, statistics)
    }

    @Test(arguments: [
        FakeOTLPReceiver.Reply.serviceUnavailable(retryAfter: nil), .serviceUnavailable(retryAfter: "0"), .tooManyRequests(retryAfter: nil),
        .closeMidBody, .closeMidResponse,
    ])
    func transientFaultsAreRetriedAndTheBatchIsStoredOnce(fault: FakeOTLPReceiver.Reply) async throws {
        let receiver = try await FakeOTLPReceiver.start()
        receiver.script(fault, fault)
        let batch = Self.batch()
        let (error, statistics) = try await Self.export(batch, to: receiver)
        await receiver.stop()
        #expect(error == nil, "\(String(describing: error))")
        #expect(statistics.retries == 2)
        #expect(statistics.batchesAccepted == 1)
        #expect(receiver.requestsStarted == 3)
        // Cut off mid-body, the first two requests never arrived whole.
        #expect(receiver.requests.count == (fault == .closeMidBody ? 1 : 3))
        #expect(receiver.acceptedSpanIds == batch.spans.map(\.context.spanId))
        #expect(receiver.undecodableRequests == 0)
    }

    @Test func retryAfterIsHonouredBeforeTheNextAttempt() async throws {
        let receiver = try await FakeOTLPReceiver.start()
        receiver.script(.tooManyRequests(retryAfter: "1"))
        let start = ContinuousClock.now
        let (error, _) = try await Self.export(Self.batch(), to: receiver)
        let elapsed = seconds(from: start)
        await receiver.stop()
        #expect(error == nil)
        // The quick policy alone would wait at most 20 ms.
        #expect(elapsed >= 0.95, "\(elapsed) s")
        #expect(receiver.requests.count == 2)
    }

    @Test func aReplySlowerThanTheDeadlineTimesOutWithinIt() async throws {
        let receiver = try await FakeOTLPReceiver.start(reply: .delayed(.seconds(30), .ok))
        let start = ContinuousClock.now
        let (error, statistics) = try await Self.export(Self.batch(), to: receiver, timeout: .seconds(1))
        let elapsed = seconds(from: start)
        await receiver.stop()
        #expect(error as? OTLPExportError == .timedOut(after: .seconds(1), attempts: 1))
        #expect(elapsed < 5, "\(elapsed) s")
        #expect(statistics.batchesFailed == 1)
    }

    @Test func aBadRequestIsFinalAndCarriesTheServersMessage() async throws {
        let receiver = try await FakeOTLPReceiver.start(reply: .badRequest("span 3 has an invalid trace id"))
        let (error, statistics) = try await Self.export(Self.batch(), to: receiver)
        await receiver.stop()
        #expect(error as? OTLPExportError == .rejected(status: 400, message: "span 3 has an invalid trace id"))
        #expect(receiver.requestsStarted == 1)
        #expect(statistics.retries == 0 && statistics.batchesFailed == 1)
    }

    @Test func aPartialSuccessIsReportedAndNotRetried() async throws {
        let receiver = try await FakeOTLPReceiver.start(reply: .partialSuccess(rejected: 7, message: "7 spans too old"))
        let (error, statistics) = try await Self.export(Self.batch(40), to: receiver)
        await receiver.stop()
        #expect(error as? OTLPExportError == .partialSuccess(rejectedSpans: 7, spansSent: 40, message: "7 spans too old"))
        #expect(receiver.requestsStarted == 1)
        #expect(statistics.spansRejected == 7 && statistics.batchesPartiallyRejected == 1)
        #expect(statistics.lastPartialSuccessMessage == "7 spans too old")
    }

    @Test func aReceiverThatIsDownThenUpGetsTheBatchOnce() async throws {
        let receiver = try await FakeOTLPReceiver.start(listening: false)
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: receiver.baseURL, timeout: .seconds(20)),
                                            retryPolicy: Reliability.quickRetries)
        let batch = Self.batch()
        let export = Task { try await exporter.export(batch) }
        #expect(try await waitUntil { exporter.statistics.retries >= 3 })
        #expect(receiver.requestsStarted == 0)
        try await receiver.startListening()
        try await export.value
        await exporter.shutdown()
        await receiver.stop()
        #expect(receiver.acceptedSpanIds == batch.spans.map(\.context.spanId))
    }
}
