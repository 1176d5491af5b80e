import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

/// The whole path: the tracing API, the batch processor, the conventions, `.otlp` through
/// `OTLPExporter.register()`, and a real HTTP server on loopback.
@Suite("OTLP end to end", .timeLimit(.minutes(1)))
struct OTLPEndToEndTests {
    typealias Support = ExporterTestSupport

    /// Every span the server received, decoded (gunzipped first when the request says so).
    private func receivedSpans(_ requests: [ReceivedRequest]) throws -> [DecodedSpan] {
        try requests.flatMap { request in
            let body = request.headers["content-encoding"] == ["gzip"] ? try Support.gunzip(request.body) : request.body
            return try OTLPProtobufDecoder().decode(body).spans
        }
    }

    private func value(_ span: DecodedSpan?, _ key: String) -> AttributeValue? {
        span?.attributes.first { $0.key == key }?.value
    }

    @Test func spansRecordedThroughTheSDKArriveWithTheirConventionAttributes() async throws {
        let (requests, traceId, exported) = try await FakeOTLPReceiver.with { server in
            OTLPExporter.register()
            let settings = OTLPSettings(endpoint: server.baseURL, headers: ["x-api-key": "secret"], compression: .gzip)
            let sdk = Sightline(Configuration(serviceName: "e2e-service", exporter: .otlp(settings),
                                              conventions: [.genAI, .laminar], batch: .init(scheduleDelay: .milliseconds(20))))
            let metadata = TraceMetadata(userId: "u-1", threadId: "conv-9", customerId: "acme", labels: ["beta"])
            let traceId = sdk.withTrace("handle-message", type: .workflow, metadata: metadata) { trace in
                sdk.withSpan("chat", type: .llm) { span in
                    span.model = "gpt-4o"
                    span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                }
                return trace.id
            }
            await sdk.flush()
            let exported = sdk.diagnostics.value(of: .spansExported)
            await sdk.shutdown(timeout: .seconds(5))
            return (server.requests, traceId, exported)
        }
        #expect(exported == 2)
        #expect(requests.allSatisfy { $0.uri == "/v1/traces" && $0.headers["x-api-key"] == ["secret"] })
        let spans = try receivedSpans(requests)
        #expect(Set(spans.map(\.name)) == ["handle-message", "chat"])
        #expect(spans.allSatisfy { $0.traceId == traceId })

        let chat = spans.first { $0.name == "chat" }
        #expect(value(chat, "gen_ai.request.model") == .string("gpt-4o"))
        #expect(value(chat, "gen_ai.usage.input_tokens") == .int(12))
        #expect(value(chat, "gen_ai.operation.name") == .string("chat"))
        #expect(value(chat, "gen_ai.conversation.id") == .string("conv-9"))
        #expect(value(chat, "lmnr.span.type") == .string("LLM"))
        #expect(value(chat, "lmnr.association.properties.user_id") == .string("u-1"))
        #expect(value(chat, "lmnr.association.properties.session_id") == .string("conv-9"))
        #expect(value(chat, "lmnr.association.properties.tags") == .strings(["beta"]))
        let root = spans.first { $0.name == "handle-message" }
        #expect(value(root, "gen_ai.operation.name") == .string("invoke_workflow"))
        #expect(chat?.parentSpanId == root?.spanId)
    }

    @Test func thePhoenixPresetDeliversOpenInferenceSpansToItsProject() async throws {
        let requests = try await FakeOTLPReceiver.with { server in
            var config = Configuration.phoenix(endpoint: server.baseURL, project: "support-bot", serviceName: "chat")
            config.batch = .init(scheduleDelay: .milliseconds(20))
            let sdk = Sightline(config)
            sdk.withTrace("agent", type: .agent, metadata: TraceMetadata(threadId: "t-1")) { _ in
                sdk.withSpan("lookup", type: .tool) { _ in }
            }
            await sdk.flush()
            await sdk.shutdown(timeout: .seconds(5))
            return server.requests
        }
        let request = try #require(requests.first)
        #expect(request.uri == "/v1/traces")
        #expect(request.headers["content-type"] == ["application/x-protobuf"])
        let decoded = try OTLPProtobufDecoder().decode(request.body)
        let resource = try #require(decoded.resourceSpans.first?.resource)
        #expect(resource.attributes.contains(Attribute("openinference.project.name", "support-bot")))
        #expect(resource.serviceName == "chat")
        let spans = try receivedSpans(requests)
        #expect(value(spans.first { $0.name == "agent" }, "openinference.span.kind") == .string("AGENT"))
        #expect(value(spans.first { $0.name == "lookup" }, "openinference.span.kind") == .string("TOOL"))
        #expect(value(spans.first { $0.name == "lookup" }, "session.id") == .string("t-1"))
    }

    @Test func theLangWatchPresetSendsItsPathAndBearerToken() async throws {
        let request = try await FakeOTLPReceiver.with { server in
            var config = Configuration.langWatch(apiKey: "sk-lw-e2e", endpoint: server.baseURL, serviceName: "chat")
            config.batch = .init(scheduleDelay: .milliseconds(20))
            let sdk = Sightline(config)
            sdk.withTrace("turn", metadata: TraceMetadata(userId: "u-7")) { _ in }
            await sdk.flush()
            await sdk.shutdown(timeout: .seconds(5))
            return try #require(server.requests.first)
        }
        #expect(request.uri == "/api/otel/v1/traces")
        #expect(request.headers["authorization"] == ["Bearer sk-lw-e2e"])
        let span = try OTLPProtobufDecoder().decode(request.body).spans.first
        #expect(value(span, "langwatch.user.id") == .string("u-7"))
    }
}
