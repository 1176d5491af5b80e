import Sightline
import SightlineCollector
import Testing

/// Spans written by Sightline under each convention, through binary OTLP, read back into the
/// neutral fields: what each convention can carry comes back, for every convention.
struct NormalizationConventionTests {
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String { "weather service unavailable" }
    }

    static let identity = TraceMetadata(
        userId: "u-1", threadId: "conv-9", customerId: "acme", labels: ["production"],
        custom: ["variant": "B", "score": 0.9, "attempt": 2, "flags": ["new-ui", "beta"], "limits": ["max": 3]])

    /// A support-chat trace: a workflow root with a RAG step, an LLM call and a failing tool call.
    static func recordChat(_ sdk: Sightline) async {
        await sdk.withTrace("handle-message", type: .workflow, kind: .server, metadata: identity) { _ in
            sdk.withSpan("retrieve-documents", type: .rag) { span in
                span.setInput(.text("Weather in Paris?"))
                span.setOutput(.json(["doc-1"]))
            }
            sdk.withSpan("chat", type: .llm, kind: .client) { span in
                span.model = "gpt-4o"
                span.responseModel = "gpt-4o-2024-08-06"
                span.provider = "openai"
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                span.addLabels(["exp"])
                span.setInput(.chatMessages([.system("Be brief."), .user("Weather in Paris?")]))
                span.setOutput(.text("18C and sunny"))
            }
            try? await sdk.withSpan("weather", type: .tool) { (span: Span) async throws -> Void in
                span.setInput(.json(["city": "Paris"]))
                throw ToolFailure()
            }
        }
    }

    static func byName(_ spans: [CollectedSpan]) -> [String: CollectedSpan] {
        Dictionary(spans.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Fields every convention carries

    @Test(arguments: Convention.allCases)
    func sharedFieldsComeBackFromEveryConvention(convention: Convention) async throws {
        let spans = try await collectedThroughOTLP(conventions: [convention]) { await Self.recordChat($0) }
        #expect(spans.count == 4)
        let span = Self.byName(spans)
        let root = try #require(span["handle-message"])
        let chat = try #require(span["chat"])
        let tool = try #require(span["weather"])

        #expect(root.isRoot && root.kind == "server" && root.serviceName == "chat-service")
        #expect(Set(spans.map(\.traceId)) == [root.traceId] && root.traceId.count == 32)
        #expect(chat.parentSpanId == root.spanId && chat.kind == "client")

        // Every convention has the thread, the user, tokens and the LLM type.
        for value in spans {
            #expect(value.userId == "u-1", "\(convention) \(value.name)")
            #expect(value.threadId == "conv-9", "\(convention) \(value.name)")
        }
        #expect(chat.type == .llm)
        #expect(tool.type == .tool)
        #expect(chat.inputTokens == 12 && chat.outputTokens == 5)
        #expect(chat.model == (convention == .openInference ? "gpt-4o-2024-08-06" : "gpt-4o"))
        #expect(chat.output == "18C and sunny" || convention == .genAI)

        #expect(tool.isError && tool.statusMessage == "weather service unavailable")
        #expect(tool.events.map(\.name) == ["exception"])
        #expect(tool.events.first?.attributes["exception.message"] == "weather service unavailable")
        #expect(!chat.isError && chat.statusMessage == nil)
        #expect(chat.attributes.count >= 4)
    }

    // MARK: Per convention

    @Test func genAIKeepsIdentityModelAndMessages() async throws {
        let spans = try await collectedThroughOTLP(conventions: [.genAI]) { await Self.recordChat($0) }
        let span = Self.byName(spans)
        let chat = try #require(span["chat"])
        #expect(span["handle-message"]?.type == .workflow)
        #expect(span["retrieve-documents"]?.type == .rag)
        #expect(chat.responseModel == "gpt-4o-2024-08-06" && chat.provider == "openai")
        // GenAI has no key for the customer, labels, custom metadata or cost: Sightline's own keys carry them.
        #expect(spans.allSatisfy { $0.customerId == "acme" })
        #expect(span["handle-message"]?.labels == ["production"] && chat.labels == ["production", "exp"])
        #expect(span["handle-message"]?.metadata["variant"] == "B" && chat.metadata.isEmpty)
        #expect(chat.cost == 0.0002)
        #expect(span["weather"]?.input == #"{"city":"Paris"}"#)
        let input = try #require(chat.input)
        #expect(try JSONValue(parsing: Array(input.utf8)) == [
            ["role": "system", "parts": [["type": "text", "content": "Be brief."]]],
            ["role": "user", "parts": [["type": "text", "content": "Weather in Paris?"]]],
        ])
        #expect(ContentText.readable(input) == "Weather in Paris?")
        #expect(chat.output.map(ContentText.readable) == "18C and sunny")
    }

    @Test(arguments: [Convention.langWatch, .laminar, .openInference])
    func identityLabelsAndCustomMetadataComeBack(convention: Convention) async throws {
        let spans = try await collectedThroughOTLP(conventions: [convention]) { await Self.recordChat($0) }
        let span = Self.byName(spans)
        let root = try #require(span["handle-message"])
        let chat = try #require(span["chat"])

        for value in spans {
            #expect(value.customerId == "acme", "\(convention) \(value.name)")
        }
        #expect(root.labels == ["production"])
        #expect(chat.labels == ["production", "exp"])
        #expect(root.metadata == ["variant": "B", "score": 0.9, "attempt": 2, "flags": ["new-ui", "beta"],
                                  "limits": ["max": 3]])
        // Custom metadata is written on the root only, by default.
        #expect(chat.metadata.isEmpty)
        #expect(chat.cost == 0.0002)
        #expect(span["retrieve-documents"]?.input == "Weather in Paris?")
        let input = try #require(chat.input)
        #expect(try JSONValue(parsing: Array(input.utf8)) == [
            ["role": "system", "content": "Be brief."], ["role": "user", "content": "Weather in Paris?"],
        ])
        #expect(span["weather"]?.input == #"{"city":"Paris"}"#)
    }

    @Test func customMetadataOnEverySpanReachesEverySpan() async throws {
        let spans = try await collectedThroughOTLP(conventions: [.laminar, .langWatch, .openInference],
                                                   customMetadataOnEverySpan: true) { await Self.recordChat($0) }
        for span in spans {
            #expect(span.metadata["variant"] == "B" && span.metadata["score"] == 0.9, "\(span.name)")
        }
    }

    /// Each convention's span type values, alone and all together (CONVENTIONS.md's table).
    @Test(arguments: SpanType.allCases)
    func spanTypeComesBack(type: SpanType) async throws {
        func read(_ conventions: [Convention]) async throws -> SpanType? {
            try await collectedThroughOTLP(conventions: conventions) { sdk in
                sdk.withTrace("step", type: type) { _ in }
            }.first?.type
        }
        // With every convention on, no type is ambiguous.
        #expect(try await read(Convention.allCases) == type)

        // GenAI alone: the types it has no operation name for travel under `sightline.span.type`.
        #expect(try await read([.genAI]) == type)
        #expect(try await read([.langWatch]) == (type == .embedding ? .llm : type))
        let laminarKnows: [SpanType: SpanType] = [.llm: .llm, .embedding: .llm, .tool: .tool, .evaluation: .evaluation]
        #expect(try await read([.laminar]) == laminarKnows[type] ?? .span)
        #expect(try await read([.openInference]) == (type == .workflow ? .span : type))
        #expect(try await read([.langfuse]) == type)
    }

    @Test func conventionsTogetherGiveEveryField() async throws {
        let spans = try await collectedThroughOTLP(conventions: Convention.allCases) { await Self.recordChat($0) }
        let chat = try #require(Self.byName(spans)["chat"])
        #expect(chat.model == "gpt-4o" && chat.responseModel == "gpt-4o-2024-08-06" && chat.provider == "openai")
        #expect(chat.inputTokens == 12 && chat.outputTokens == 5 && chat.cost == 0.0002)
        #expect(chat.labels == ["production", "exp"] && chat.customerId == "acme")
        #expect(chat.output == "18C and sunny")
    }

    // MARK: Other senders' spellings

    @Test func langWatchSDKSpellingsAreRead() throws {
        let span = DecodedSpanBuilder.span(attributes: [
            Attribute("langwatch.thread.id", "thread-7"),
            Attribute("langwatch.user.id", "user-123"),
            Attribute("langwatch.labels", #"["urgent", "support"]"#),
            Attribute("metadata", #"{"priority": "high", "customer_id": "customer-789", "labels": ["vip"]}"#),
            Attribute("langwatch.span.type", "chain"),
            Attribute("langwatch.metrics", #"{"prompt_tokens": 7, "completion_tokens": 2, "cost": 0.5}"#),
            Attribute("gen_ai.usage.prompt_tokens", 99),
        ])
        let collected = OTLPNormalizer.collected(span, serviceName: nil)
        #expect(collected.threadId == "thread-7" && collected.userId == "user-123")
        #expect(collected.customerId == "customer-789")
        #expect(collected.labels == ["urgent", "support", "vip"])
        #expect(collected.metadata == ["priority": "high"])
        #expect(collected.type == .workflow)
        #expect(collected.inputTokens == 99 && collected.outputTokens == 2 && collected.cost == 0.5)
    }

    @Test func invalidIdentifiersAreLeftOut() {
        var valid = DecodedSpanBuilder.span(attributes: [])
        valid.name = "kept"
        var noTrace = valid
        noTrace.traceId = .invalid
        var noSpan = valid
        noSpan.spanId = .invalid
        let traces = DecodedSpanBuilder.traces([valid, noTrace, noSpan])
        #expect(OTLPNormalizer.spans(from: traces).map(\.name) == ["kept"])
    }
}
