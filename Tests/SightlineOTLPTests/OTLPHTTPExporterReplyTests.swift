import NIOHTTP1
import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// How the exporter reads replies: error messages and partial successes.
@Suite("OTLP/HTTP exporter: replies", .timeLimit(.minutes(1)))
struct OTLPHTTPExporterReplyTests {
    typealias Support = ExporterTestSupport

    struct ErrorBody: Sendable, CustomTestStringConvertible {
        var status: HTTPResponseStatus
        var contentType: String?
        var body: [UInt8]
        var expectedMessage: String
        var testDescription: String { "\(status.code) \(contentType ?? "no content type")" }
    }

    static let errorBodies: [ErrorBody] = [
        ErrorBody(status: .badRequest, contentType: "application/x-protobuf",
                  body: Support.statusMessage(code: 3, message: "span 2 has an invalid trace id"),
                  expectedMessage: "span 2 has an invalid trace id"),
        ErrorBody(status: .badRequest, contentType: "application/json",
                  body: Array(#"{"code":3,"message":"unknown field \"foo\""}"#.utf8), expectedMessage: #"unknown field "foo""#),
        ErrorBody(status: .unauthorized, contentType: "text/plain; charset=utf-8",
                  body: Array("  invalid API key\n".utf8), expectedMessage: "invalid API key"),
        ErrorBody(status: .unsupportedMediaType, contentType: nil, body: Array("expected application/x-protobuf".utf8),
                  expectedMessage: "expected application/x-protobuf"),
        ErrorBody(status: .forbidden, contentType: "application/x-protobuf", body: [], expectedMessage: "Forbidden"),
        ErrorBody(status: .internalServerError, contentType: "application/json",
                  body: Array(#"{"detail":"database down"}"#.utf8), expectedMessage: #"{"detail":"database down"}"#),
    ]

    @Test(arguments: errorBodies)
    func finalErrorsAreNotRetriedAndCarryTheServersMessage(_ reply: ErrorBody) async throws {
        let headers: HTTPHeaders = reply.contentType.map { ["Content-Type": $0] } ?? [:]
        let answer = FakeOTLPReceiver.Reply.respond(reply.status, headers: headers, body: reply.body)
        let (error, count) = try await FakeOTLPReceiver.with(reply: answer) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                let error = await Support.exportError(exporter, Support.batch())
                // Had a retry been scheduled, it would have come within this time.
                try await Task.sleep(for: .milliseconds(600))
                #expect(exporter.statistics.retries == 0)
                #expect(exporter.statistics.batchesFailed == 1)
                return (error, server.requests.count)
            }
        }
        #expect(count == 1)
        let exportError = try #require(error as? OTLPExportError)
        #expect(exportError == .rejected(status: Int(reply.status.code), message: reply.expectedMessage))
        #expect(exportError.status == Int(reply.status.code))
        #expect(exportError.serverMessage == reply.expectedMessage)
        #expect("\(exportError)".contains("HTTP \(reply.status.code)"))
        #expect("\(exportError)".contains(reply.expectedMessage))
    }

    @Test func anEndlessReplyIsReadOnlyUpToTheLimit() async throws {
        let line = Array("the collector is having a very bad day. ".utf8)
        let chunk = Array((0..<1600).map { _ in line }.joined())  // 64 KiB a write, forever
        let (error, elapsed) = try await FakeOTLPReceiver.with(reply: .endless(.badRequest, chunk: chunk)) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, timeout: .seconds(40))) { exporter in
                let started = ContinuousClock.now
                let error = await Support.exportError(exporter, Support.batch())
                return (error, ContinuousClock.now - started)
            }
        }
        // Reading stops at the reply limit instead of buffering the stream until the 40 s timeout
        // (the bound leaves room for a loaded machine; only the export itself is timed).
        #expect(elapsed < .seconds(15))
        let exportError = try #require(error as? OTLPExportError)
        #expect(exportError.status == 400)
        #expect(exportError.serverMessage?.hasPrefix("the collector is having a very bad day.") == true)
    }

    @Test func aRedirectIsReportedNotFollowed() async throws {
        let reply = FakeOTLPReceiver.Reply.respond(.permanentRedirect, headers: ["Location": "https://collector.example/v1/traces"])
        let (error, count) = try await FakeOTLPReceiver.with(reply: reply) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                (await Support.exportError(exporter, Support.batch()), server.requests.count)
            }
        }
        #expect(count == 1)
        let exportError = try #require(error as? OTLPExportError)
        #expect(exportError.status == 308)
        #expect(exportError.serverMessage?.contains("https://collector.example/v1/traces") == true)
    }

    @Test func aPartialSuccessThatRejectedSpansIsReported() async throws {
        let response = WireBytes.partialSuccessResponse(rejected: 2, message: "2 spans are older than the retention period")
        let reply = FakeOTLPReceiver.Reply.respond(.ok, headers: ["Content-Type": "application/x-protobuf"], body: response)
        let (error, statistics, count) = try await FakeOTLPReceiver.with(reply: reply) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                (await Support.exportError(exporter, Support.batch(3)), exporter.statistics, server.requests.count)
            }
        }
        #expect(count == 1)  // never resent
        #expect(error as? OTLPExportError
            == .partialSuccess(rejectedSpans: 2, spansSent: 3, message: "2 spans are older than the retention period"))
        #expect("\(try #require(error))".contains("rejected 2 of 3 spans"))
        #expect(statistics.spansRejected == 2)
        #expect(statistics.batchesPartiallyRejected == 1)
        #expect(statistics.batchesFailed == 0)
        #expect(statistics.lastPartialSuccessMessage == "2 spans are older than the retention period")
    }

    @Test func aPartialSuccessThatRejectedNothingIsAWarningOnly() async throws {
        let response = WireBytes.partialSuccessResponse(rejected: 0, message: "attribute 'x' is deprecated")
        let reply = FakeOTLPReceiver.Reply.respond(.ok, headers: ["Content-Type": "application/x-protobuf"], body: response)
        let statistics = try await FakeOTLPReceiver.with(reply: reply) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await exporter.export(Support.batch())
                return exporter.statistics
            }
        }
        #expect(statistics.batchesAccepted == 1)
        #expect(statistics.spansRejected == 0)
        #expect(statistics.lastPartialSuccessMessage == "attribute 'x' is deprecated")
    }

    @Test func aPartialSuccessInJSONIsReported() async throws {
        let response = Array(#"{"partialSuccess":{"rejectedSpans":"1","errorMessage":"span name too long"}}"#.utf8)
        let reply = FakeOTLPReceiver.Reply.respond(.ok, headers: ["Content-Type": "application/json"], body: response)
        let error = try await FakeOTLPReceiver.with(reply: reply) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, wireProtocol: .httpJSON)) { exporter in
                await Support.exportError(exporter, Support.batch(4))
            }
        }
        #expect(error as? OTLPExportError == .partialSuccess(rejectedSpans: 1, spansSent: 4, message: "span name too long"))
    }

    @Test(arguments: [
        ("application/x-protobuf", [UInt8]()),
        ("application/x-protobuf", WireBytes.partialSuccessResponse(rejected: 0, message: "")),
        ("application/json", Array("{}".utf8)),
        ("text/plain", Array("OK".utf8)),
        ("application/x-protobuf", [0xFF, 0xFF, 0xFF]),  // not a response: a 2xx is still a success
    ])
    func otherSuccessBodiesAreSuccesses(contentType: String, body: [UInt8]) async throws {
        let reply = FakeOTLPReceiver.Reply.respond(.ok, headers: ["Content-Type": contentType], body: body)
        let statistics = try await FakeOTLPReceiver.with(reply: reply) { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await exporter.export(Support.batch())
                return exporter.statistics
            }
        }
        #expect(statistics.batchesAccepted == 1)
        #expect(statistics.lastPartialSuccessMessage == nil)
    }

    @Test func theSDKReportsAPartialSuccessThroughItsWarningHandler() async throws {
        let warnings = WarningLog()
        let response = WireBytes.partialSuccessResponse(rejected: 1, message: "quota exceeded")
        let reply = FakeOTLPReceiver.Reply.respond(.ok, headers: ["Content-Type": "application/x-protobuf"], body: response)
        let diagnostics = try await FakeOTLPReceiver.with(reply: reply) { server in
            OTLPExporter.register()
            let sdk = Sightline(Configuration(serviceName: "partial", exporter: .otlp(OTLPSettings(endpoint: server.baseURL)),
                                              batch: .init(scheduleDelay: .seconds(30)),
                                              warningHandler: { warnings.append($0) }))
            // Both spans wait for the flush, which ships them as one batch.
            sdk.withSpan("one") { _ in }
            sdk.withSpan("two") { _ in }
            await sdk.flush()
            await sdk.shutdown(timeout: .seconds(5))
            return sdk.diagnostics
        }
        #expect(diagnostics.value(of: .exportFailures) == 1)
        #expect(warnings.all.contains { $0.contains("rejected 1 of 2 spans") && $0.contains("quota exceeded") }, "\(warnings.all)")
    }
}
