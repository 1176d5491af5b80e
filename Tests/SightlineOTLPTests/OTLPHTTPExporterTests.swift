import NIOHTTP1
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

/// What the exporter puts on the wire, against a real HTTP server on loopback.
@Suite("OTLP/HTTP exporter: requests", .timeLimit(.minutes(1)))
struct OTLPHTTPExporterTests {
    typealias Support = ExporterTestSupport

    @Test func protobufBodyDecodesToTheSpansSent() async throws {
        let batch = SpanBatch(resource: SampleSpans.resource, spans: SampleSpans.rich())
        let requests = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL + "/")) { exporter in
                try await exporter.export(batch)
                #expect(exporter.statistics.requests == 1)
                #expect(exporter.statistics.batchesAccepted == 1)
            }
            return server.requests
        }
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        #expect(request.method == .POST)
        #expect(request.uri == "/v1/traces")
        #expect(request.headers["content-type"] == ["application/x-protobuf"])
        #expect(request.headers["content-encoding"].isEmpty)
        #expect(request.headers.first(name: "user-agent")?.hasPrefix("sightline-swift/") == true)
        #expect(request.headers.first(name: "content-length") == "\(request.body.count)")
        #expect(request.headers["traceparent"].isEmpty)

        let decoded = try OTLPProtobufDecoder().decode(request.body)
        #expect(decoded.resourceSpans.first?.resource == SampleSpans.resource)
        // The encoder groups spans by instrumentation scope: compare span by span.
        #expect(decoded.spans.count == batch.spans.count)
        for sent in batch.spans {
            let received = decoded.spans.first { $0.spanId == sent.context.spanId }
            #expect(received?.traceId == sent.context.traceId)
            #expect(received?.name == sent.name)
            // Keys only: the sample holds NaN, which equals nothing; the bytes are compared below.
            #expect(received?.attributes.map(\.key) == sent.attributes.map(\.key))
        }
        // Byte for byte what the encoder writes.
        #expect(request.body == OTLPProtobufEncoder().encode(batch.spans, resource: batch.resource))
    }

    @Test func customHeadersArriveAndCannotBreakTheContentType() async throws {
        let headers = ["Authorization": "Bearer sk-test-123", "x-tenant": "acme corp", "Content-Type": "text/plain"]
        let request = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, headers: headers)) { exporter in
                try await exporter.export(Support.batch())
            }
            return try #require(server.requests.first)
        }
        #expect(request.headers["authorization"] == ["Bearer sk-test-123"])
        #expect(request.headers["x-tenant"] == ["acme corp"])
        #expect(request.headers["content-type"] == ["application/x-protobuf"])
    }

    @Test func anExactTracesEndpointIsUsedAsItIs() async throws {
        let uri = try await FakeOTLPReceiver.with { server in
            let settings = OTLPSettings(endpoint: server.baseURL + "/api/otel/v1/traces", tracesEndpointIsExact: true)
            try await Support.withExporter(settings) { exporter in try await exporter.export(Support.batch()) }
            return server.requests.first?.uri
        }
        #expect(uri == "/api/otel/v1/traces")
    }

    @Test func gzipRoundTrip() async throws {
        // Repetitive spans, so compression visibly shrinks the body.
        let spans = (0..<50).flatMap { _ in SampleSpans.rich() }
        let batch = SpanBatch(resource: SampleSpans.resource, spans: spans)
        let request = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, compression: .gzip)) { exporter in
                try await exporter.export(batch)
            }
            return try #require(server.requests.first)
        }
        #expect(request.headers["content-encoding"] == ["gzip"])
        #expect(request.headers["content-type"] == ["application/x-protobuf"])
        #expect(Array(request.body.prefix(2)) == [0x1F, 0x8B])
        let plain = try Support.gunzip(request.body)
        #expect(plain == OTLPProtobufEncoder().encode(spans, resource: batch.resource))
        #expect(request.body.count * 4 < plain.count)
        let decoded = try OTLPProtobufDecoder().decode(plain)
        #expect(decoded.spans.map(\.spanId.hex).sorted() == spans.map(\.context.spanId.hex).sorted())
    }

    @Test func jsonProtocol() async throws {
        let batch = SpanBatch(resource: SampleSpans.resource, spans: SampleSpans.rich())
        let request = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL, wireProtocol: .httpJSON)) { exporter in
                try await exporter.export(batch)
            }
            return try #require(server.requests.first)
        }
        #expect(request.uri == "/v1/traces")
        #expect(request.headers["content-type"] == ["application/json"])
        #expect(request.body == OTLPJSONEncoder().encode(batch.spans, resource: batch.resource))
        let text = String(decoding: request.body, as: UTF8.self)
        #expect(text.hasPrefix("{\"resourceSpans\":"))
        #expect(text.contains("\"spanId\":\"\(batch.spans[0].context.spanId.hex)\""))
    }

    @Test func jsonWithGzip() async throws {
        let batch = Support.batch(5)
        let request = try await FakeOTLPReceiver.with { server in
            let settings = OTLPSettings(endpoint: server.baseURL, compression: .gzip, wireProtocol: .httpJSON)
            try await Support.withExporter(settings) { exporter in try await exporter.export(batch) }
            return try #require(server.requests.first)
        }
        #expect(request.headers["content-encoding"] == ["gzip"])
        #expect(request.headers["content-type"] == ["application/json"])
        #expect(try Support.gunzip(request.body) == OTLPJSONEncoder().encode(batch.spans, resource: batch.resource))
    }

    @Test func anEmptyBatchSendsNothing() async throws {
        let count = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await exporter.export(SpanBatch(resource: Support.resource, spans: []))
            }
            return server.requests.count
        }
        #expect(count == 0)
    }

    @Test func concurrentExportsShareOneEncoderSafely() async throws {
        let batches = (0..<12).map { index in
            SpanBatch(resource: Support.resource, spans: Support.spans(1 + index % 4, prefix: "batch \(index)"))
        }
        let requests = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for batch in batches { group.addTask { try await exporter.export(batch) } }
                    try await group.waitForAll()
                }
                #expect(exporter.statistics.batchesAccepted == batches.count)
            }
            return server.requests
        }
        #expect(requests.count == batches.count)
        let received = try Set(requests.map { try OTLPProtobufDecoder().decode($0.body).spans.map(\.spanId) })
        #expect(received == Set(batches.map { $0.spans.map(\.context.spanId) }))
    }

    @Test func theExportersOwnTrafficIsNeverTraced() async throws {
        let inMemory = InMemoryExporter()
        let sdk = Sightline(Configuration(serviceName: "app", exporter: .custom(inMemory),
                                          batch: .init(scheduleDelay: .milliseconds(10))))
        let request = try await FakeOTLPReceiver.with { server in
            try await Support.withExporter(OTLPSettings(endpoint: server.baseURL)) { exporter in
                try await sdk.withSpan("outer") { _ in
                    try await exporter.export(Support.batch())
                }
            }
            return try #require(server.requests.first)
        }
        await sdk.flush()
        #expect(inMemory.spans.map(\.name) == ["outer"])
        #expect(request.headers["traceparent"].isEmpty)
        #expect(request.headers["tracestate"].isEmpty)
        await sdk.shutdown(timeout: .seconds(5))
    }

    @Test func afterShutdownExportsThrow() async throws {
        try await FakeOTLPReceiver.with { server in
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: server.baseURL))
            await exporter.shutdown()
            await exporter.shutdown()  // twice is harmless
            let error = await Support.exportError(exporter, Support.batch())
            #expect(error as? OTLPExportError == .shutDown)
            #expect(server.requests.isEmpty)
        }
    }

    @Test(arguments: ["collector:4318", "ftp://collector/v1/traces", "http://", "http:///v1/traces", "https://user@/v1/traces",
                      "https://exa mple.com/v1/traces"])
    func invalidEndpointsAreRefusedUpFront(endpoint: String) {
        #expect(throws: OTLPExportError.self) {
            try OTLPHTTPExporter(settings: OTLPSettings(endpoint: endpoint, tracesEndpointIsExact: true))
        }
    }

    @Test func invalidHeadersAreRefusedUpFront() {
        for headers in [["x-bad": "line\r\nInjected: yes"], ["bad name": "v"], ["": "v"]] {
            #expect(throws: OTLPExportError.self, "\(headers)") {
                try OTLPHTTPExporter(settings: OTLPSettings(endpoint: "http://127.0.0.1:4318", headers: headers))
            }
        }
    }
}
