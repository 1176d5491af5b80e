/// Writes the OpenTelemetry GenAI semantic-convention keys (`gen_ai.*`, `user.id`).
///
/// The GenAI conventions have no notion of customer, labels or custom metadata, so none are
/// written here. Messages use the current structured shape: an array of
/// `{"role", "parts": [...]}` with text, tool-call and tool-call-response parts.
struct GenAIConvention: AttributeProcessor {
    init() {}

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)

        writer.set(GenAIKeys.operationName, string: Self.operationName(span.type))
        let metadata = span.traceMetadataIfSet
        writer.set(GenAIKeys.conversationId, string: metadata?.threadId)
        writer.set(GenAIKeys.userId, string: metadata?.userId)

        writer.set(GenAIKeys.requestModel, string: span.model)
        writer.set(GenAIKeys.responseModel, string: span.responseModel)
        writer.set(GenAIKeys.providerName, string: span.provider)

        if let usage = span.usage {
            writer.set(GenAIKeys.inputTokens, int: usage.inputTokens)
            writer.set(GenAIKeys.outputTokens, int: usage.outputTokens)
            writer.set(GenAIKeys.cacheReadInputTokens, int: usage.cacheReadInputTokens)
            writer.set(GenAIKeys.cacheCreationInputTokens, int: usage.cacheCreationInputTokens)
            writer.set(GenAIKeys.reasoningOutputTokens, int: usage.reasoningOutputTokens)
        }
        if span.isStreaming {
            writer.set(GenAIKeys.requestStream, .bool(true))
            if let ttft = span.timeToFirstChunk { writer.set(GenAIKeys.timeToFirstChunk, double: ttft.seconds) }
        }
        if let parameters = span.parameters {
            writer.set(GenAIKeys.temperature, double: parameters.temperature)
            writer.set(GenAIKeys.maxTokens, int: parameters.maxTokens)
            writer.set(GenAIKeys.topP, double: parameters.topP)
        }

        if let input = span.input, let messages = Self.messages(input, textRole: .user) {
            writer.set(GenAIKeys.inputMessages, json: messages)
        }
        if let output = span.output, let messages = Self.messages(output, textRole: .assistant) {
            writer.set(GenAIKeys.outputMessages, json: messages)
        }
        if !span.ragContexts.isEmpty {
            writer.set(GenAIKeys.retrievalDocuments, json: .array(span.ragContexts.map(Self.document)))
        }

        writer.finish(&span)
    }

    /// `gen_ai.operation.name`; nil for span types the GenAI conventions have no operation for.
    static func operationName(_ type: SpanType) -> String? {
        switch type {
        case .llm: return "chat"
        case .embedding: return "embeddings"
        case .tool: return "execute_tool"
        case .agent: return "invoke_agent"
        case .rag: return "retrieval"
        case .workflow: return "invoke_workflow"
        case .evaluation, .guardrail, .span: return nil
        }
    }

    /// Content as GenAI messages; plain text is one message spoken by `textRole`. JSON content
    /// has no message form and gives nil.
    static func messages(_ content: SpanContent, textRole: ChatMessage.Role) -> JSONValue? {
        switch content {
        case .text(let text):
            return [["role": .string(textRole.rawValue), "parts": [textPart(text)]]]
        case .chatMessages(let messages):
            return .array(messages.map(message))
        case .json:
            return nil
        }
    }

    private static func message(_ message: ChatMessage) -> JSONValue {
        var parts = [JSONValue]()
        if message.role == .tool {
            // The answer to a tool call: its content is the call's response.
            var part: [String: JSONValue] = ["type": "tool_call_response",
                                             "response": message.content.map(JSONValue.string) ?? .null]
            if let id = message.toolCallId { part["id"] = .string(id) }
            parts.append(.object(part))
        } else if let content = message.content, !content.isEmpty {
            parts.append(textPart(content))
        }
        for call in message.toolCalls {
            parts.append(["type": "tool_call", "id": .string(call.id), "name": .string(call.name),
                          "arguments": call.arguments])
        }
        return ["role": .string(message.role.rawValue), "parts": .array(parts)]
    }

    private static func textPart(_ text: String) -> JSONValue {
        ["type": "text", "content": .string(text)]
    }

    private static func document(_ context: RAGContext) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(context.documentId), "content": .string(context.content)]
        if let score = context.score { object["score"] = .double(score) }
        return .object(object)
    }
}
