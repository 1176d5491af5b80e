import Testing
@testable import Sightline

@Suite struct ConventionTests {
    // MARK: Fixtures

    private static let identity = TraceMetadata(userId: "u-1", threadId: "conv-9", customerId: "acme",
                                                labels: ["production", "beta"],
                                                custom: ["variant": "B", "attempt": 2])

    private static func span(type: SpanType = .span, root: Bool = true, metadata: TraceMetadata = TraceMetadata(),
                             attributes: [Attribute] = []) -> FinishedSpan {
        FinishedSpan(name: "work",
                     context: SpanContext(traceId: TraceID(high: 1, low: 2), spanId: SpanID(root ? 3 : 4), isSampled: true),
                     parentSpanId: root ? nil : SpanID(3), type: type,
                     startTime: Timestamp(nanosecondsSinceEpoch: 1_000), attributes: attributes, traceMetadata: metadata)
    }

    /// A child LLM span with every LLM field set.
    private static func llmSpan(root: Bool = true) -> FinishedSpan {
        var span = span(type: .llm, root: root, metadata: identity)
        span.model = "gpt-4o"
        span.responseModel = "gpt-4o-2024-08-06"
        span.provider = "openai"
        span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
        span.parameters = RequestParameters(temperature: 0.2, maxTokens: 256, topP: 0.9, extra: ["seed": 7])
        span.ragContexts = [RAGContext(documentId: "doc-1", chunkId: "c-3", content: "Paris is in France.", score: 0.75),
                            RAGContext(documentId: "doc-2", content: "Lyon.")]
        span.labels = ["exp"]
        span.input = .chatMessages([.system("Be brief."), .user("Weather in Paris?")])
        span.output = .text("18C")
        return span
    }

    private static let toolConversation: [ChatMessage] = [
        .system("Be brief."),
        .user("Weather in Paris?"),
        .assistant(nil, toolCalls: [ToolCall(id: "call_1", name: "weather", arguments: ["city": "Paris"])]),
        .tool(callId: "call_1", "18C"),
    ]

    private static func processed(_ span: FinishedSpan, _ processors: any AttributeProcessor...) -> FinishedSpan {
        var span = span
        for processor in processors { processor.process(&span) }
        return span
    }

    private static func keys(_ span: FinishedSpan) -> [String] { span.attributes.map(\.key) }

    // MARK: Span types

    private static let typeTable: [SpanType: (genAI: String?, langWatch: String, laminar: String, openInference: String)] = [
        .llm: ("chat", "llm", "LLM", "LLM"),
        .embedding: ("embeddings", "llm", "LLM", "EMBEDDING"),
        .tool: ("execute_tool", "tool", "TOOL", "TOOL"),
        .agent: ("invoke_agent", "agent", "DEFAULT", "AGENT"),
        .rag: ("retrieval", "rag", "DEFAULT", "RETRIEVER"),
        .workflow: ("invoke_workflow", "workflow", "DEFAULT", "CHAIN"),
        .evaluation: (nil, "evaluation", "EVALUATION", "EVALUATOR"),
        .guardrail: (nil, "component", "DEFAULT", "GUARDRAIL"),
        .span: (nil, "span", "DEFAULT", "CHAIN"),
    ]

    @Test(arguments: SpanType.allCases)
    func spanTypeMapping(type: SpanType) throws {
        let expected = try #require(Self.typeTable[type])
        let bare = Self.span(type: type)

        let genAI = Self.processed(bare, GenAIConvention())
        if let operation = expected.genAI {
            #expect(genAI.attributes == [Attribute("gen_ai.operation.name", .string(operation))])
        } else {
            #expect(genAI.attributes.isEmpty)
        }
        #expect(Self.processed(bare, LangWatchConvention(customMetadataOnEverySpan: false)).attributes
            == [Attribute("langwatch.span.type", .string(expected.langWatch))])
        #expect(Self.processed(bare, LaminarConvention(customMetadataOnEverySpan: false)).attributes
            == [Attribute("lmnr.span.type", .string(expected.laminar))])
        #expect(Self.processed(bare, OpenInferenceConvention(customMetadataOnEverySpan: false)).attributes
            == [Attribute("openinference.span.kind", .string(expected.openInference))])
    }

    // MARK: Trace identity

    @Test func identityOnChildSpanWithoutCustomMetadata() {
        var child = Self.span(root: false, metadata: Self.identity)
        child.labels = ["beta", "exp"]
        let labels = AttributeValue.array([.string("production"), .string("beta"), .string("exp")])

        #expect(Self.processed(child, GenAIConvention()).attributes == [
            Attribute("gen_ai.conversation.id", "conv-9"),
            Attribute("user.id", "u-1"),
        ])
        #expect(Self.processed(child, LangWatchConvention(customMetadataOnEverySpan: false)).attributes == [
            Attribute("langwatch.span.type", "span"),
            Attribute("gen_ai.conversation.id", "conv-9"),
            Attribute("langwatch.user.id", "u-1"),
            Attribute("langwatch.customer.id", "acme"),
            Attribute("langwatch.labels", labels),
        ])
        #expect(Self.processed(child, LaminarConvention(customMetadataOnEverySpan: false)).attributes == [
            Attribute("lmnr.span.type", "DEFAULT"),
            Attribute("lmnr.association.properties.session_id", "conv-9"),
            Attribute("lmnr.association.properties.user_id", "u-1"),
            Attribute("lmnr.association.properties.metadata.customer_id", "acme"),
            Attribute("lmnr.association.properties.tags", labels),
        ])
        #expect(Self.processed(child, OpenInferenceConvention(customMetadataOnEverySpan: false)).attributes == [
            Attribute("openinference.span.kind", "CHAIN"),
            Attribute("session.id", "conv-9"),
            Attribute("user.id", "u-1"),
            Attribute("tag.tags", labels),
            Attribute("metadata", .string(#"{"customer_id":"acme"}"#)),
        ])
    }

    @Test func emptyIdentityWritesNothingButTheType() {
        let bare = Self.span(root: true, metadata: TraceMetadata(labels: []))
        #expect(Self.keys(Self.processed(bare, LangWatchConvention(customMetadataOnEverySpan: true))) == ["langwatch.span.type"])
        #expect(Self.keys(Self.processed(bare, LaminarConvention(customMetadataOnEverySpan: true))) == ["lmnr.span.type"])
        #expect(Self.keys(Self.processed(bare, OpenInferenceConvention(customMetadataOnEverySpan: true))) == ["openinference.span.kind"])
    }

    // MARK: Custom metadata placement

    @Test func customMetadataOnRootSpanInSortedOrder() {
        let root = Self.span(root: true, metadata: Self.identity)

        let langWatch = Self.processed(root, LangWatchConvention(customMetadataOnEverySpan: false))
        #expect(Array(Self.keys(langWatch).suffix(2)) == ["metadata.attempt", "metadata.variant"])
        #expect(langWatch.attribute("metadata.attempt") == .int(2))
        #expect(langWatch.attribute("metadata.variant") == .string("B"))

        let laminar = Self.processed(root, LaminarConvention(customMetadataOnEverySpan: false))
        #expect(Array(Self.keys(laminar).suffix(2)) == ["lmnr.association.properties.metadata.attempt",
                                                        "lmnr.association.properties.metadata.variant"])
        #expect(laminar.attribute("lmnr.association.properties.metadata.attempt") == .int(2))
        #expect(laminar.attribute("lmnr.association.properties.metadata.variant") == .string("B"))

        let openInference = Self.processed(root, OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(openInference.attribute("metadata") == .string(#"{"attempt":2,"customer_id":"acme","variant":"B"}"#))

        #expect(!Self.keys(Self.processed(root, GenAIConvention())).contains { $0.contains("metadata") })
    }

    @Test(arguments: [false, true])
    func customMetadataOnChildSpanOnlyWithFlag(everySpan: Bool) {
        let child = Self.span(root: false, metadata: Self.identity)

        let langWatch = Self.processed(child, LangWatchConvention(customMetadataOnEverySpan: everySpan))
        #expect(langWatch.attribute("metadata.variant") == (everySpan ? .string("B") : nil))
        #expect(langWatch.attribute("metadata.attempt") == (everySpan ? .int(2) : nil))

        let laminar = Self.processed(child, LaminarConvention(customMetadataOnEverySpan: everySpan))
        #expect(laminar.attribute("lmnr.association.properties.metadata.variant") == (everySpan ? .string("B") : nil))
        #expect(laminar.attribute("lmnr.association.properties.metadata.customer_id") == .string("acme"))

        let openInference = Self.processed(child, OpenInferenceConvention(customMetadataOnEverySpan: everySpan))
        #expect(openInference.attribute("metadata") == .string(
            everySpan ? #"{"attempt":2,"customer_id":"acme","variant":"B"}"# : #"{"customer_id":"acme"}"#))
    }

    @Test func customerIdWinsOverCustomKeyOfTheSameName() {
        let root = Self.span(root: true, metadata: TraceMetadata(customerId: "acme", custom: ["customer_id": "other"]))
        let laminar = Self.processed(root, LaminarConvention(customMetadataOnEverySpan: false))
        #expect(laminar.attribute("lmnr.association.properties.metadata.customer_id") == .string("acme"))
        #expect(Self.keys(laminar).filter { $0.hasSuffix("customer_id") }.count == 1)
        let openInference = Self.processed(root, OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(openInference.attribute("metadata") == .string(#"{"customer_id":"acme"}"#))
    }

    // MARK: Metadata value conversion

    @Test(arguments: [
        (JSONValue.string("x"), AttributeValue.string("x")),
        (.int(42), .int(42)),
        (.double(2.5), .double(2.5)),
        (.bool(true), .bool(true)),
        (["a", "b"], .array([.string("a"), .string("b")])),
        ([1, 2], .array([.int(1), .int(2)])),
        ([1.5, 2.5], .array([.double(1.5), .double(2.5)])),
        ([true, false], .array([.bool(true), .bool(false)])),
        ([], .array([])),
        ([1, "a"], .string(#"[1,"a"]"#)),
        ([1, 2.5], .string("[1,2.5]")),
        ([["a"]], .string(#"[["a"]]"#)),
        (["a", nil], .string(#"["a",null]"#)),
        (["k": 1, "a": [true]], .string(#"{"a":[true],"k":1}"#)),
        (.null, .string("null")),
    ] as [(JSONValue, AttributeValue)])
    func metadataValueConversion(value: JSONValue, expected: AttributeValue) {
        #expect(ConventionWriter.metadataAttribute(value) == expected)

        let root = Self.span(metadata: TraceMetadata(custom: ["field": value]))
        #expect(Self.processed(root, LangWatchConvention(customMetadataOnEverySpan: false)).attribute("metadata.field") == expected)
        #expect(Self.processed(root, LaminarConvention(customMetadataOnEverySpan: false))
            .attribute("lmnr.association.properties.metadata.field") == expected)
    }

    // MARK: Input and output

    @Test func genAIMessages() {
        var span = Self.span(type: .llm)
        span.input = .chatMessages(Self.toolConversation)
        span.output = .text("It is 18C.")
        let result = Self.processed(span, GenAIConvention())
        #expect(result.attribute("gen_ai.input.messages") == .string(
            #"[{"parts":[{"content":"Be brief.","type":"text"}],"role":"system"},"#
                + #"{"parts":[{"content":"Weather in Paris?","type":"text"}],"role":"user"},"#
                + #"{"parts":[{"arguments":{"city":"Paris"},"id":"call_1","name":"weather","type":"tool_call"}],"role":"assistant"},"#
                + #"{"parts":[{"id":"call_1","response":"18C","type":"tool_call_response"}],"role":"tool"}]"#))
        #expect(result.attribute("gen_ai.output.messages") == .string(
            #"[{"parts":[{"content":"It is 18C.","type":"text"}],"role":"assistant"}]"#))

        span.input = .text("Hi")
        span.output = .json(["answer": 42])
        let textIn = Self.processed(span, GenAIConvention())
        #expect(textIn.attribute("gen_ai.input.messages") == .string(#"[{"parts":[{"content":"Hi","type":"text"}],"role":"user"}]"#))
        #expect(textIn.attribute("gen_ai.output.messages") == nil)
    }

    @Test func langWatchTypedValues() {
        var span = Self.span(type: .llm)
        span.input = .chatMessages([.system("Be brief."), .user("Hi")])
        span.output = .text("Hello")
        var result = Self.processed(span, LangWatchConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("langwatch.input") == .string(
            #"{"type":"chat_messages","value":[{"content":"Be brief.","role":"system"},{"content":"Hi","role":"user"}]}"#))
        #expect(result.attribute("langwatch.output") == .string(#"{"type":"text","value":"Hello"}"#))

        span.input = .json(["q": "x", "k": 3])
        span.output = .chatMessages([.assistant(nil, toolCalls: [ToolCall(id: "c1", name: "f", arguments: ["a": 1])])])
        result = Self.processed(span, LangWatchConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("langwatch.input") == .string(#"{"type":"json","value":{"k":3,"q":"x"}}"#))
        #expect(result.attribute("langwatch.output") == .string(
            #"{"type":"chat_messages","value":[{"role":"assistant","tool_calls":[{"function":{"arguments":"{\"a\":1}","name":"f"},"id":"c1","type":"function"}]}]}"#))
    }

    @Test func laminarJSONContent() {
        var span = Self.span(type: .llm)
        span.input = .chatMessages([.user("Hi")])
        span.output = .text("Hello \"you\"")
        var result = Self.processed(span, LaminarConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("lmnr.span.input") == .string(#"[{"content":"Hi","role":"user"}]"#))
        #expect(result.attribute("lmnr.span.output") == .string(#""Hello \"you\"""#))

        span.input = .json(["q": "x", "k": 3])
        span.output = nil
        result = Self.processed(span, LaminarConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("lmnr.span.input") == .string(#"{"k":3,"q":"x"}"#))
        #expect(result.attribute("lmnr.span.output") == nil)
    }

    @Test func openInferenceValuesAndFlattenedMessages() {
        var span = Self.span(type: .llm)
        span.input = .chatMessages(Self.toolConversation)
        span.output = .text("It is 18C.")
        let chat = Self.processed(span, OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(chat.attribute("input.value") == .string(SpanContent.chatMessages(Self.toolConversation).jsonValue.jsonString))
        #expect(chat.attribute("input.mime_type") == .string("application/json"))
        #expect(chat.attribute("output.value") == .string("It is 18C."))
        #expect(chat.attribute("output.mime_type") == .string("text/plain"))
        #expect(Array(chat.attributes.filter { $0.key.hasPrefix("llm.input_messages.") }) == [
            Attribute("llm.input_messages.0.message.role", "system"),
            Attribute("llm.input_messages.0.message.content", "Be brief."),
            Attribute("llm.input_messages.1.message.role", "user"),
            Attribute("llm.input_messages.1.message.content", "Weather in Paris?"),
            Attribute("llm.input_messages.2.message.role", "assistant"),
            Attribute("llm.input_messages.2.message.tool_calls.0.tool_call.id", "call_1"),
            Attribute("llm.input_messages.2.message.tool_calls.0.tool_call.function.name", "weather"),
            Attribute("llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments", .string(#"{"city":"Paris"}"#)),
            Attribute("llm.input_messages.3.message.role", "tool"),
            Attribute("llm.input_messages.3.message.content", "18C"),
            Attribute("llm.input_messages.3.message.tool_call_id", "call_1"),
        ])
        #expect(!Self.keys(chat).contains { $0.hasPrefix("llm.output_messages.") })

        span.input = .json(["q": "x"])
        span.output = .chatMessages([.assistant("Hello")])
        let json = Self.processed(span, OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(json.attribute("input.value") == .string(#"{"q":"x"}"#))
        #expect(json.attribute("input.mime_type") == .string("application/json"))
        #expect(json.attribute("output.value") == .string(#"[{"content":"Hello","role":"assistant"}]"#))
        #expect(json.attribute("output.mime_type") == .string("application/json"))
        #expect(json.attribute("llm.output_messages.0.message.role") == .string("assistant"))
        #expect(json.attribute("llm.output_messages.0.message.content") == .string("Hello"))
        #expect(!Self.keys(json).contains { $0.hasPrefix("llm.input_messages.") })
    }

    // MARK: Model, tokens, cost, parameters, RAG

    @Test func genAIModelUsageParametersAndDocuments() {
        let result = Self.processed(Self.llmSpan(), GenAIConvention())
        #expect(result.attribute("gen_ai.operation.name") == .string("chat"))
        #expect(result.attribute("gen_ai.request.model") == .string("gpt-4o"))
        #expect(result.attribute("gen_ai.response.model") == .string("gpt-4o-2024-08-06"))
        #expect(result.attribute("gen_ai.provider.name") == .string("openai"))
        #expect(result.attribute("gen_ai.usage.input_tokens") == .int(12))
        #expect(result.attribute("gen_ai.usage.output_tokens") == .int(5))
        #expect(result.attribute("gen_ai.request.temperature") == .double(0.2))
        #expect(result.attribute("gen_ai.request.max_tokens") == .int(256))
        #expect(result.attribute("gen_ai.request.top_p") == .double(0.9))
        #expect(result.attribute("gen_ai.retrieval.documents") == .string(
            #"[{"content":"Paris is in France.","id":"doc-1","score":0.75},{"content":"Lyon.","id":"doc-2"}]"#))
        #expect(!Self.keys(result).contains { $0.contains("cost") || $0.contains("labels") || $0.contains("customer") })
    }

    @Test func langWatchModelUsageParametersAndContexts() {
        let result = Self.processed(Self.llmSpan(), LangWatchConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("gen_ai.request.model") == .string("gpt-4o"))
        #expect(result.attribute("gen_ai.response.model") == nil)
        #expect(result.attribute("gen_ai.usage.input_tokens") == .int(12))
        #expect(result.attribute("gen_ai.usage.output_tokens") == .int(5))
        #expect(result.attribute("langwatch.metrics") == .string(#"{"completion_tokens":5,"cost":0.0002,"prompt_tokens":12}"#))
        #expect(result.attribute("langwatch.params") == .string(#"{"max_tokens":256,"seed":7,"temperature":0.2,"top_p":0.9}"#))
        #expect(result.attribute("langwatch.rag.contexts") == .string(
            #"[{"chunk_id":"c-3","content":"Paris is in France.","document_id":"doc-1"},{"content":"Lyon.","document_id":"doc-2"}]"#))

        var noCost = Self.llmSpan()
        noCost.usage = TokenUsage(input: 3)
        noCost.parameters = RequestParameters()
        let withoutCost = Self.processed(noCost, LangWatchConvention(customMetadataOnEverySpan: false))
        #expect(withoutCost.attribute("langwatch.metrics") == nil)
        #expect(withoutCost.attribute("langwatch.params") == nil)
        #expect(withoutCost.attribute("gen_ai.usage.input_tokens") == .int(3))
        #expect(withoutCost.attribute("gen_ai.usage.output_tokens") == nil)
    }

    @Test func laminarModelUsageAndCost() {
        let result = Self.processed(Self.llmSpan(), LaminarConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("lmnr.span.type") == .string("LLM"))
        #expect(result.attribute("gen_ai.request.model") == .string("gpt-4o"))
        #expect(result.attribute("gen_ai.response.model") == .string("gpt-4o-2024-08-06"))
        #expect(result.attribute("gen_ai.usage.input_tokens") == .int(12))
        #expect(result.attribute("gen_ai.usage.output_tokens") == .int(5))
        #expect(result.attribute("gen_ai.usage.cost") == .double(0.0002))
        #expect(!Self.keys(result).contains { $0.contains("params") || $0.contains("retrieval") || $0.contains("rag") })
    }

    @Test func openInferenceModelUsageParametersAndDocuments() {
        let result = Self.processed(Self.llmSpan(), OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(result.attribute("llm.model_name") == .string("gpt-4o-2024-08-06"))
        #expect(result.attribute("llm.provider") == .string("openai"))
        #expect(result.attribute("llm.token_count.prompt") == .int(12))
        #expect(result.attribute("llm.token_count.completion") == .int(5))
        #expect(result.attribute("llm.token_count.total") == .int(17))
        #expect(result.attribute("llm.cost.total") == .double(0.0002))
        #expect(result.attribute("llm.invocation_parameters") == .string(#"{"max_tokens":256,"seed":7,"temperature":0.2,"top_p":0.9}"#))
        #expect(Array(result.attributes.filter { $0.key.hasPrefix("retrieval.documents.") }) == [
            Attribute("retrieval.documents.0.document.id", "doc-1"),
            Attribute("retrieval.documents.0.document.content", "Paris is in France."),
            Attribute("retrieval.documents.0.document.score", .double(0.75)),
            Attribute("retrieval.documents.1.document.id", "doc-2"),
            Attribute("retrieval.documents.1.document.content", "Lyon."),
        ])

        var requestOnly = Self.llmSpan()
        requestOnly.responseModel = nil
        #expect(Self.processed(requestOnly, OpenInferenceConvention(customMetadataOnEverySpan: false))
            .attribute("llm.model_name") == .string("gpt-4o"))
    }

    // MARK: First writer wins

    @Test func userAttributesAreNeverOverwritten() {
        var span = Self.llmSpan()
        span.attributes = [Attribute("user.id", "mine"), Attribute("gen_ai.request.model", "my-model"),
                           Attribute("langwatch.labels", "not-an-array"), Attribute("metadata", "custom")]
        let result = Self.processed(span, GenAIConvention(), LangWatchConvention(customMetadataOnEverySpan: false),
                                    LaminarConvention(customMetadataOnEverySpan: false),
                                    OpenInferenceConvention(customMetadataOnEverySpan: false))
        #expect(Array(result.attributes.prefix(4)) == span.attributes)
        #expect(result.attribute("user.id") == .string("mine"))
        #expect(result.attribute("gen_ai.request.model") == .string("my-model"))
        #expect(result.attribute("langwatch.labels") == .string("not-an-array"))
        #expect(result.attribute("metadata") == .string("custom"))
        #expect(result.attribute("langwatch.user.id") == .string("u-1"))
    }

    @Test func allConventionsInSequenceWriteEachKeyOnce() {
        let processors = Convention.allCases.map { $0.processor(customMetadataOnEverySpan: true) }
        for root in [true, false] {
            var span = Self.llmSpan(root: root)
            span.input = .chatMessages(Self.toolConversation)
            for processor in processors { processor.process(&span) }
            let keys = Self.keys(span)
            #expect(Set(keys).count == keys.count)
            // Shared keys keep the first convention's value.
            #expect(span.attribute("gen_ai.request.model") == .string("gpt-4o"))
            #expect(span.attribute("user.id") == .string("u-1"))
            #expect(span.attribute("gen_ai.conversation.id") == .string("conv-9"))
            #expect(span.attribute("metadata.variant") == .string("B"))
            // Running them again adds nothing.
            let again = Self.processed(span, processors[0], processors[1], processors[2], processors[3])
            #expect(again.attributes == span.attributes)
        }
    }
}
