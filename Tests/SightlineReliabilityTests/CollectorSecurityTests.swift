import Foundation
import Hummingbird
import NIOHTTP1
import Sightline
@testable import SightlineCollector
import SightlineOTLP
@testable import sightline
import SightlineTesting
import Testing

/// The collector facing hostile clients: keys checked everywhere in constant time, bounded
/// spans, input that is never SQL, and loopback unless told otherwise. (401 on every route for
/// a missing or wrong key, 413, 415 and 400 are tested in ServerRefusalTests.)
@Suite("Collector security", .timeLimit(.minutes(1)))
struct CollectorSecurityTests {
    typealias KeyCheck = APIKeyMiddleware<BasicRequestContext>

    @Test func theKeyComparisonComparesEveryByte() {
        let key = Array("s3cret-key-0123456789".utf8)
        #expect(KeyCheck.constantTimeEqual(key, key))
        #expect(KeyCheck.constantTimeEqual([], []))
        var lastDiffers = key
        lastDiffers[key.count - 1] ^= 1
        var firstDiffers = key
        firstDiffers[0] ^= 0x80
        for candidate in [lastDiffers, firstDiffers, Array(key.dropLast()), key + [0], [], Array(key.reversed()),
                          // Same bytes XOR-folded the other way round: a sum or xor of bytes would call it equal.
                          [key[1], key[0]] + key.dropFirst(2)] {
            #expect(!KeyCheck.constantTimeEqual(candidate, key), "\(candidate)")
            #expect(!KeyCheck.constantTimeEqual(key, candidate), "\(candidate)")
        }
    }

    @Test func methodsNoRouteTakesAndKeysInTheQueryStringAreStill401() async throws {
        try await InProcessCollector.with(apiKey: "s3cret-key") { collector in
            let attempts: [(HTTPMethod, String)] = [
                (.PUT, "/v1/traces"), (.DELETE, "/api/traces/0123456789abcdef0123456789abcdef"), (.HEAD, "/api/users"),
                (.OPTIONS, "/v1/traces"), (.GET, "/api/users?api_key=s3cret-key"), (.GET, "/api/traces?key=s3cret-key"),
                (.GET, "/../api/users"),
            ]
            for (method, path) in attempts {
                let reply = try await collector.send(method, path)
                #expect(reply.status == 401, "\(method) \(path)")
            }
            // A key in the wrong header, or with the scheme repeated, is no key.
            for header in [("Api-Key", "s3cret-key"), ("Authorization", "Bearer Bearer s3cret-key"),
                           ("Cookie", "token=s3cret-key")] {
                #expect(try await collector.send(.GET, "/api/users", headers: [header]).status == 401, "\(header)")
            }
            #expect(try await collector.send(.GET, "/api/users", headers: [("Authorization", "Bearer s3cret-key")]).status == 200)
        }
    }

    @Test func aSpanKeepsAtMostTheAttributeLimitAndTheReplySaysHowManyWereDropped() async throws {
        try await InProcessCollector.with { collector in
            let limit = OTLPNormalizer.attributeLimit
            let traceId = TraceID.random()
            // The user id comes last, past the limit: it is still read.
            let attributes = (0..<(limit + 1976)).map { Attribute("custom.\($0)", .int(Int64($0))) }
                + [Attribute("user.id", "user-past-the-limit")]
            let wide = FinishedSpan(name: "wide", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                    startTime: .now(), attributes: attributes)
            let narrow = FinishedSpan(name: "narrow", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                      parentSpanId: wide.spanId, startTime: .now(), attributes: [Attribute("a", 1)])
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL))
            try await exporter.export(SpanBatch(resource: Resource(serviceName: "wide"), spans: [wide, narrow]))
            let statistics = exporter.statistics
            await exporter.shutdown()
            // Stored, with a warning (no span rejected) that names the count.
            #expect(statistics.batchesAccepted == 1 && statistics.spansRejected == 0)
            #expect(statistics.lastPartialSuccessMessage == "1977 attributes of 1 spans were dropped: a span keeps at most 1024")

            let detail = try #require(try collector.store.trace(id: traceId.hex))
            let stored = try #require(detail.spans.first { $0.span.name == "wide" }?.span)
            #expect(stored.attributes.count == limit)
            #expect(stored.attributes["custom.0"] == .int(0))
            #expect(stored.attributes["custom.\(limit - 1)"] == .int(Int64(limit - 1)))
            #expect(stored.attributes["custom.\(limit)"] == nil)
            #expect(stored.userId == "user-past-the-limit")
            #expect(detail.spans.first { $0.span.name == "narrow" }?.span.attributes.count == 1)
        }
    }

    @Test func valuesShapedLikeSQLAreStoredAndQueriedLiterally() async throws {
        let evilUser = "x' OR '1'='1"
        let evilThread = "'); DROP TABLE spans; --"
        let evilLabel = "label\"; DELETE FROM traces; --"
        let evilKey = "k'); DELETE FROM trace_metadata; --"
        let evilValue = "1 OR 1; DROP TABLE traces"
        try await InProcessCollector.with { collector in
            OTLPExporter.register()
            let sdk = Sightline(Configuration(
                serviceName: "sql", exporter: .otlp(OTLPSettings(endpoint: collector.baseURL)), conventions: [.genAI, .langWatch],
                batch: .init(scheduleDelay: .milliseconds(10))))
            let evilTrace = sdk.withTrace("evil", metadata: TraceMetadata(
                userId: evilUser, threadId: evilThread, labels: [evilLabel], custom: [evilKey: .string(evilValue)])) { $0.id }
            let plainTrace = sdk.withTrace("plain", metadata: TraceMetadata(userId: "plain-user", threadId: "plain-thread")) { $0.id }
            await sdk.flush()
            await sdk.shutdown()
            #expect(sdk.diagnostics.value(of: .spansExported) == 2)

            func traceIds(_ query: String) async throws -> [String] {
                let reply = try await collector.send(.GET, "/api/traces?" + query)
                #expect(reply.status == 200, "\(query): \(String(decoding: reply.body, as: UTF8.self))")
                return try JSONDecoder().decode([TraceSummary].self, from: Data(reply.body)).map(\.traceId)
            }
            func encoded(_ text: String) -> String {
                text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
            }
            #expect(try await traceIds("user=" + encoded(evilUser)) == [evilTrace.hex])
            #expect(try await traceIds("thread=" + encoded(evilThread)) == [evilTrace.hex])
            #expect(try await traceIds("label=" + encoded(evilLabel)) == [evilTrace.hex])
            #expect(try await traceIds("meta=" + encoded(evilKey + "=" + evilValue)) == [evilTrace.hex])
            // Injection-shaped filters match nothing instead of everything.
            #expect(try await traceIds("user=" + encoded("' OR '1'='1")).isEmpty)
            #expect(try await traceIds("user=" + encoded("plain-user' --")).isEmpty)
            #expect(try await traceIds("meta=" + encoded("k' OR 1=1 --=1")).isEmpty)

            // Nothing was dropped or deleted, and the values read back as sent.
            #expect(Set(try await traceIds("limit=100")) == [evilTrace.hex, plainTrace.hex])
            let detail = try #require(try collector.store.trace(id: evilTrace.hex))
            #expect(detail.summary.userId == evilUser && detail.summary.threadId == evilThread)
            #expect(detail.summary.labels == [evilLabel])
            #expect(detail.summary.metadata[evilKey] == .string(evilValue))
            #expect(try collector.store.thread(id: evilThread).count == 1)
            #expect(try collector.store.statistics().spanCount == 2)
        }
    }

    @Test func theCollectorBindsLoopbackUnlessToldOtherwise() async throws {
        #expect(CollectorServer.Configuration().host == "127.0.0.1")
        #expect(try Serve.parse(["--db", "x.db"]).host == "127.0.0.1")
        #expect(try Serve.parse(["--db", "x.db", "--host", "0.0.0.0"]).host == "0.0.0.0")

        // The real binary, started without --host, says where it listens.
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("bind.db"))
        let announced = try await waitUntil(.seconds(10)) {
            collector.printed.contains("listening on http://127.0.0.1:\(collector.port)")
        }
        try await collector.terminate()
        #expect(announced, "\(collector.printed)")
    }
}
