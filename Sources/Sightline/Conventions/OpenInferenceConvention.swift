/// Writes the OpenInference keys that Arize Phoenix reads (`openinference.span.kind`,
/// `session.id`, `input.*`, `output.*`, `llm.*`, `retrieval.documents.*`).
///
/// OpenInference keeps custom metadata in one JSON object string under `metadata`; the
/// customer id travels there too, since the convention has no key of its own for it.
struct OpenInferenceConvention: AttributeProcessor {
    /// Writes custom metadata on every span instead of the local root only.
    let customMetadataOnEverySpan: Bool

    init(customMetadataOnEverySpan: Bool = false) {
        self.customMetadataOnEverySpan = customMetadataOnEverySpan
    }

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        let metadata = span.traceMetadata

        writer.set("openinference.span.kind", string: Self.spanKind(span.type))

        writer.set("session.id", string: metadata.threadId)
        writer.set("user.id", string: metadata.userId)
        writer.set("tag.tags", strings: span.allLabels)
        var object = ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan)
        // Identity goes on every span, and wins over a custom "customer_id".
        if let customerId = metadata.customerId { object["customer_id"] = .string(customerId) }
        if !object.isEmpty { writer.set("metadata", json: .object(object)) }

        if let input = span.input { Self.write(input, as: "input", into: &writer) }
        if let output = span.output { Self.write(output, as: "output", into: &writer) }

        writer.set("llm.model_name", string: span.responseModel ?? span.model)
        writer.set("llm.provider", string: span.provider)
        if let usage = span.usage {
            writer.set("llm.token_count.prompt", int: usage.inputTokens)
            writer.set("llm.token_count.completion", int: usage.outputTokens)
            writer.set("llm.token_count.total", int: usage.totalTokens)
            writer.set("llm.token_count.prompt_details.cache_read", int: usage.cacheReadInputTokens)
            writer.set("llm.token_count.prompt_details.cache_write", int: usage.cacheCreationInputTokens)
            writer.set("llm.token_count.completion_details.reasoning", int: usage.reasoningOutputTokens)
            writer.set("llm.cost.total", double: usage.cost)
        }
        if let parameters = span.parameters, case .object(let object) = parameters.jsonValue, !object.isEmpty {
            writer.set("llm.invocation_parameters", json: .object(object))
        }
        for (index, context) in span.ragContexts.enumerated() {
            let prefix = "retrieval.documents.\(index).document."
            writer.set(prefix + "id", string: context.documentId)
            writer.set(prefix + "content", string: context.content)
            writer.set(prefix + "score", double: context.score)
        }

        writer.finish(&span)
    }

    static func spanKind(_ type: SpanType) -> String {
        switch type {
        case .llm: return "LLM"
        case .embedding: return "EMBEDDING"
        case .tool: return "TOOL"
        case .agent: return "AGENT"
        case .rag: return "RETRIEVER"
        case .workflow, .span: return "CHAIN"
        case .evaluation: return "EVALUATOR"
        case .guardrail: return "GUARDRAIL"
        }
    }

    /// `<side>.value` and `<side>.mime_type`; chat messages also as the flattened
    /// `llm.<side>_messages.<i>.message.*` keys.
    private static func write(_ content: SpanContent, as side: String, into writer: inout ConventionWriter) {
        switch content {
        case .text(let text):
            writer.set(side + ".value", string: text)
            writer.set(side + ".mime_type", string: "text/plain")
        case .chatMessages(let messages):
            writer.set(side + ".value", json: content.jsonValue)
            writer.set(side + ".mime_type", string: "application/json")
            for (index, message) in messages.enumerated() {
                writeFlattened(message, prefix: "llm.\(side)_messages.\(index).message.", into: &writer)
            }
        case .json(let value):
            writer.set(side + ".value", json: value)
            writer.set(side + ".mime_type", string: "application/json")
        }
    }

    private static func writeFlattened(_ message: ChatMessage, prefix: String, into writer: inout ConventionWriter) {
        writer.set(prefix + "role", string: message.role.rawValue)
        writer.set(prefix + "content", string: message.content)
        writer.set(prefix + "tool_call_id", string: message.toolCallId)
        for (index, call) in message.toolCalls.enumerated() {
            let callPrefix = prefix + "tool_calls.\(index).tool_call."
            writer.set(callPrefix + "id", string: call.id)
            writer.set(callPrefix + "function.name", string: call.name)
            writer.set(callPrefix + "function.arguments", json: call.arguments)
        }
    }
}
