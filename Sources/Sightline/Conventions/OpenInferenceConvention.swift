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
        let metadata = span.traceMetadataIfSet

        writer.set(OpenInferenceKeys.spanKind, string: Self.spanKind(span.type))

        writer.set(OpenInferenceKeys.sessionId, string: metadata?.threadId)
        writer.set(OpenInferenceKeys.userId, string: metadata?.userId)
        writer.set(OpenInferenceKeys.tags, strings: span.allLabels)
        var object = ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan)
        // Identity goes on every span, and wins over a custom "customer_id".
        if let customerId = metadata?.customerId { object[OpenInferenceKeys.customerIdMember] = .string(customerId) }
        if !object.isEmpty { writer.set(OpenInferenceKeys.metadata, json: .object(object)) }

        if let input = span.input {
            Self.write(input, value: OpenInferenceKeys.inputValue, mimeType: OpenInferenceKeys.inputMimeType,
                       messagesPrefix: OpenInferenceKeys.inputMessagesPrefix, into: &writer)
        }
        if let output = span.output {
            Self.write(output, value: OpenInferenceKeys.outputValue, mimeType: OpenInferenceKeys.outputMimeType,
                       messagesPrefix: OpenInferenceKeys.outputMessagesPrefix, into: &writer)
        }

        writer.set(OpenInferenceKeys.modelName, string: span.responseModel ?? span.model)
        writer.set(OpenInferenceKeys.provider, string: span.provider)
        if let usage = span.usage {
            writer.set(OpenInferenceKeys.promptTokens, int: usage.inputTokens)
            writer.set(OpenInferenceKeys.completionTokens, int: usage.outputTokens)
            writer.set(OpenInferenceKeys.totalTokens, int: usage.totalTokens)
            writer.set(OpenInferenceKeys.cacheReadTokens, int: usage.cacheReadInputTokens)
            writer.set(OpenInferenceKeys.cacheWriteTokens, int: usage.cacheCreationInputTokens)
            writer.set(OpenInferenceKeys.reasoningTokens, int: usage.reasoningOutputTokens)
            writer.set(OpenInferenceKeys.costTotal, double: usage.cost)
        }
        if let parameters = span.parameters, case .object(let object) = parameters.jsonValue, !object.isEmpty {
            writer.set(OpenInferenceKeys.invocationParameters, json: .object(object))
        }
        for (index, context) in span.ragContexts.enumerated() {
            let prefix = OpenInferenceKeys.retrievalDocumentsPrefix + "\(index).document."
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

    /// The content under `value` and its MIME type under `mimeType`; chat messages also as the
    /// flattened `<messagesPrefix><i>.message.*` keys.
    private static func write(_ content: SpanContent, value valueKey: String, mimeType: String, messagesPrefix: String,
                              into writer: inout ConventionWriter) {
        switch content {
        case .text(let text):
            writer.set(valueKey, string: text)
            writer.set(mimeType, string: "text/plain")
        case .chatMessages(let messages):
            writer.set(valueKey, json: content.jsonValue)
            writer.set(mimeType, string: "application/json")
            for (index, message) in messages.enumerated() {
                writeFlattened(message, prefix: messagesPrefix + "\(index).message.", into: &writer)
            }
        case .json(let value):
            writer.set(valueKey, json: value)
            writer.set(mimeType, string: "application/json")
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
