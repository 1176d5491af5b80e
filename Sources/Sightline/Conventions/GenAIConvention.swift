/// Writes the OpenTelemetry GenAI semantic-convention keys (`gen_ai.*`, `user.id`).
///
/// The GenAI conventions have no notion of customer, labels or custom metadata, so none are
/// written here. Messages use the current structured shape: an array of
/// `{"role", "parts": [...]}` with text, tool-call and tool-call-response parts.
struct GenAIConvention: AttributeProcessor {
    init() {}

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)

        writer.set("gen_ai.operation.name", string: Self.operationName(span.type))
        writer.set("gen_ai.conversation.id", string: span.traceMetadata.threadId)
        writer.set("user.id", string: span.traceMetadata.userId)

        writer.set("gen_ai.request.model", string: span.model)
        writer.set("gen_ai.response.model", string: span.responseModel)
        writer.set("gen_ai.provider.name", string: span.provider)

        if let usage = span.usage {
            writer.set("gen_ai.usage.input_tokens", int: usage.inputTokens)
            writer.set("gen_ai.usage.output_tokens", int: usage.outputTokens)
            writer.set("gen_ai.usage.cache_read.input_tokens", int: usage.cacheReadInputTokens)
            writer.set("gen_ai.usage.cache_creation.input_tokens", int: usage.cacheCreationInputTokens)
            writer.set("gen_ai.usage.reasoning.output_tokens", int: usage.reasoningOutputTokens)
        }
        if span.isStreaming {
            writer.set("gen_ai.request.stream", .bool(true))
            if let ttft = span.timeToFirstChunk { writer.set("gen_ai.response.time_to_first_chunk", double: ttft.seconds) }
        }
        if let parameters = span.parameters {
            writer.set("gen_ai.request.temperature", double: parameters.temperature)
            writer.set("gen_ai.request.max_tokens", int: parameters.maxTokens)
            writer.set("gen_ai.request.top_p", double: parameters.topP)
        }

        if let input = span.input, let messages = Self.messages(input, textRole: .user) {
            writer.set("gen_ai.input.messages", json: messages)
        }
        if let output = span.output, let messages = Self.messages(output, textRole: .assistant) {
            writer.set("gen_ai.output.messages", json: messages)
        }
        if !span.ragContexts.isEmpty {
            writer.set("gen_ai.retrieval.documents", json: .array(span.ragContexts.map(Self.document)))
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
