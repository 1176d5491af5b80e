import Testing
@testable import Sightline

/// The default configuration (GenAI only) must lose no trace field: what GenAI has no key for
/// travels under Sightline's own keys, and the `gen_ai.*` keys stay as the conventions define them.
@Suite struct SightlineKeysTests {
    private static let metadata = TraceMetadata(userId: "u-1", threadId: "conv-9", customerId: "acme",
                                                labels: ["production"], custom: ["variant": "B", "score": 0.9])

    private static func exported(_ conventions: [Convention], type: SpanType = .llm,
                                 _ body: @escaping @Sendable (Span) -> Void = { _ in }) async throws -> [FinishedSpan] {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(exporter: .custom(exporter), conventions: conventions,
                                          batch: .init(scheduleDelay: .milliseconds(10))))
        sdk.withTrace("handle", metadata: metadata) { _ in
            sdk.withSpan("call", type: type) { span in
                span.model = "gpt-4o"
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                span.addLabels(["exp"])
                body(span)
            }
        }
        await sdk.flush()
        await sdk.shutdown()
        return exporter.spans
    }

    private static func value(_ span: FinishedSpan, _ key: String) -> AttributeValue? {
        span.attributes.first { $0.key == key }?.value
    }

    @Test func theDefaultConventionCarriesCustomerLabelsMetadataAndCost() async throws {
        let spans = try await Self.exported(Configuration.fromEnvironment(environment: [:]).conventions)
        let root = try #require(spans.first { $0.name == "handle" })
        let call = try #require(spans.first { $0.name == "call" })

        for span in [root, call] {
            #expect(Self.value(span, SightlineKeys.customerId) == .string("acme"))
            #expect(Self.value(span, "user.id") == .string("u-1"))
            #expect(Self.value(span, "gen_ai.conversation.id") == .string("conv-9"))
        }
        #expect(Self.value(call, SightlineKeys.labels) == .strings(["production", "exp"]))
        #expect(Self.value(root, SightlineKeys.metadataPrefix + "variant") == .string("B"))
        #expect(Self.value(root, SightlineKeys.metadataPrefix + "score") == .double(0.9))
        #expect(Self.value(call, SightlineKeys.metadataPrefix + "variant") == nil, "custom metadata goes on the root")
        #expect(Self.value(call, SightlineKeys.cost) == .double(0.0002))
        // Nothing outside the GenAI conventions under their namespace.
        let genAIKeys = call.attributes.map(\.key).filter { $0.hasPrefix("gen_ai.") }
        #expect(Set(genAIKeys) == ["gen_ai.operation.name", "gen_ai.conversation.id", "gen_ai.request.model",
                                   "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens"])
    }

    @Test(arguments: [Convention.langWatch, .laminar, .openInference])
    func aConventionThatCarriesMetadataMakesTheSightlineKeysUnnecessary(convention: Convention) async throws {
        let spans = try await Self.exported([.genAI, convention])
        for span in spans {
            #expect(!span.attributes.contains { $0.key.hasPrefix("sightline.") }, "\(span.attributes.map(\.key))")
        }
    }

    @Test(arguments: [SpanType.evaluation, .guardrail])
    func typesGenAIHasNoOperationForAreNamed(type: SpanType) async throws {
        let spans = try await Self.exported([.genAI], type: type)
        let call = try #require(spans.first { $0.name == "call" })
        #expect(Self.value(call, SightlineKeys.spanType) == .string(type.rawValue))
        #expect(Self.value(call, "gen_ai.operation.name") == nil)
    }

    @Test func jsonContentThatGenAIMessagesCannotHoldIsKept() async throws {
        let spans = try await Self.exported([.genAI], type: .tool) { span in
            span.setInput(.json(["city": "Paris"]))
            span.setOutput(.text("18C"))
        }
        let call = try #require(spans.first { $0.name == "call" })
        #expect(Self.value(call, SightlineKeys.input) == .string(#"{"city":"Paris"}"#))
        #expect(Self.value(call, SightlineKeys.output) == nil, "text output travels as gen_ai.output.messages")
        #expect(Self.value(call, "gen_ai.output.messages") != nil)
    }

    @Test func noConventionWritesNoKeys() async throws {
        let spans = try await Self.exported([])
        for span in spans { #expect(span.attributes.isEmpty, "\(span.attributes.map(\.key))") }
    }
}
