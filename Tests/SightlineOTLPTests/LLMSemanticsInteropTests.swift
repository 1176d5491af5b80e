import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// What the SDK adds to an LLM span (cache and reasoning tokens, streaming, evaluations,
/// redaction), as the independent decoder (Python opentelemetry-proto) reads the bytes.
@Suite(.enabled(if: InteropEnvironment.shouldRun, InteropPython.skipReason))
struct LLMSemanticsInteropTests {
    private static func exportedWithDefaults(maskers: [Masker] = [], _ record: @Sendable (Sightline) -> Void) async -> [FinishedSpan] {
        let exporter = InMemoryExporter()
        var config = Configuration(exporter: .custom(exporter), batch: .init(scheduleDelay: .milliseconds(10)))
        config.maskers = maskers
        let sdk = Sightline(config)
        record(sdk)
        await sdk.flush()
        await sdk.shutdown()
        return exporter.spans
    }

    private static func attributes(of name: String, in request: WireRequest) throws -> [String: WireValue] {
        let span = try #require(request.resourceSpans.flatMap(\.scopeSpans).flatMap(\.spans).first { $0.name == name })
        return Dictionary(span.attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func cacheReasoningStreamingAndEvaluationsReachTheReferenceDecoderUnderTheirGenAIKeys() async throws {
        let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let spans = await Self.exportedWithDefaults { sdk in
            let span = sdk.startSpan("chat", type: .llm, startTime: start)
            span.model = "claude-sonnet-4-5"
            span.recordChunk(text: "Hi", at: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 250_000_000))
            span.usage = TokenUsage(input: 10_000, output: 1_000, cacheRead: 2_000, cacheCreation: 3_000, reasoning: 400)
            span.recordEvaluation(name: "faithfulness", score: 0.42, label: "fail")
            span.end(at: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 900_000_000))
        }
        let decoded = try await InteropPython.decode(OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "s")),
                                                     as: .protobuf)
        let attributes = try Self.attributes(of: "chat", in: decoded)
        #expect(attributes["gen_ai.usage.input_tokens"] == .int("10000"))
        #expect(attributes["gen_ai.usage.cache_read.input_tokens"] == .int("2000"))
        #expect(attributes["gen_ai.usage.cache_creation.input_tokens"] == .int("3000"))
        #expect(attributes["gen_ai.usage.reasoning.output_tokens"] == .int("400"))
        #expect(attributes["gen_ai.request.stream"] == .bool(true))
        #expect(attributes["gen_ai.response.time_to_first_chunk"] == .double(bits: String(0.25.bitPattern, radix: 16)))
        // Computed from claude-sonnet-4-5's price: 5,000 × 3 + 2,000 × 0.30 + 3,000 × 3.75 + 1,000 × 15 per million.
        let cost: Double = (5_000 * 3 + 2_000 * 0.3 + 3_000 * 3.75 + 1_000 * 15) / 1_000_000
        #expect(attributes[SightlineKeys.cost] == .double(bits: String(cost.bitPattern, radix: 16)))
        let span = try #require(decoded.resourceSpans.flatMap(\.scopeSpans).flatMap(\.spans).first { $0.name == "chat" })
        let evaluation = try #require(span.events.first { $0.name == "gen_ai.evaluation.result" })
        #expect(evaluation.attributes.map(\.key) == ["gen_ai.evaluation.name", "gen_ai.evaluation.score.value",
                                                     "gen_ai.evaluation.score.label"])
    }

    @Test func maskedValuesNeverReachTheWire() async throws {
        let secrets = ["ana.silva@example.com", "4111 1111 1111 1111", "eyJhbGciOiJIUzI1NiJ9.payload.sig"]
        let spans = await Self.exportedWithDefaults(maskers: Masker.all) { sdk in
            sdk.withTrace("support", metadata: TraceMetadata(userId: "u-1", custom: ["contact": .string(secrets[0])])) { _ in
                sdk.withSpan("chat", type: .llm) { span in
                    span.setInput(.chatMessages([.user("card \(secrets[1]), mail \(secrets[0])")]))
                    span.setOutput(.text("use Authorization: Bearer \(secrets[2])"))
                }
            }
        }
        let bytes = OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "s"))
        let decoded = try await InteropPython.decode(bytes, as: .protobuf)
        let text = String(describing: decoded)
        for secret in secrets {
            #expect(!text.contains(secret), "\(secret) in the decoded request")
            #expect(bytes.firstRange(of: Array(secret.utf8)) == nil, "\(secret) in the bytes")
        }
        let chat = try Self.attributes(of: "chat", in: decoded)
        #expect(String(describing: chat["gen_ai.input.messages"]).contains("[card]"))
        #expect(String(describing: chat["gen_ai.output.messages"]).contains("Bearer [secret]"))
        let root = try Self.attributes(of: "support", in: decoded)
        #expect(root[SightlineKeys.metadataPrefix + "contact"] == .string("[email]"))
    }
}
