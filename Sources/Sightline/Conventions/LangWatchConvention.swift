/// Writes the keys LangWatch reads (`langwatch.*`, `metadata.<key>`, and the `gen_ai.*` keys it
/// shares with the GenAI conventions).
struct LangWatchConvention: AttributeProcessor {
    /// Writes custom metadata on every span instead of the local root only.
    let customMetadataOnEverySpan: Bool

    init(customMetadataOnEverySpan: Bool = false) {
        self.customMetadataOnEverySpan = customMetadataOnEverySpan
    }

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        let metadata = span.traceMetadataIfSet

        writer.set(LangWatchKeys.spanType, string: Self.spanType(span.type))

        writer.set(GenAIKeys.conversationId, string: metadata?.threadId)
        writer.set(LangWatchKeys.userId, string: metadata?.userId)
        writer.set(LangWatchKeys.customerId, string: metadata?.customerId)
        writer.set(LangWatchKeys.labels, strings: span.allLabels)
        writer.setEach(prefix: LangWatchKeys.metadataPrefix,
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))

        if let input = span.input { writer.set(LangWatchKeys.input, json: Self.typedValue(input)) }
        if let output = span.output { writer.set(LangWatchKeys.output, json: Self.typedValue(output)) }

        writer.set(GenAIKeys.requestModel, string: span.model)
        if let usage = span.usage {
            writer.set(GenAIKeys.inputTokens, int: usage.inputTokens)
            writer.set(GenAIKeys.outputTokens, int: usage.outputTokens)
            writer.set(GenAIKeys.cacheReadInputTokens, int: usage.cacheReadInputTokens)
            writer.set(GenAIKeys.cacheCreationInputTokens, int: usage.cacheCreationInputTokens)
            writer.set(GenAIKeys.reasoningOutputTokens, int: usage.reasoningOutputTokens)
            if let metrics = Self.metrics(usage) { writer.set(LangWatchKeys.metrics, json: metrics) }
        }
        if span.isStreaming {
            writer.set(LangWatchKeys.streaming, .bool(true))
            if let first = span.firstChunkTime {
                writer.set(LangWatchKeys.timestamps, json: [LangWatchKeys.Timestamps.startedAt: .int(Self.milliseconds(span.startTime)),
                                                          LangWatchKeys.Timestamps.firstTokenAt: .int(Self.milliseconds(first)),
                                                          LangWatchKeys.Timestamps.finishedAt: .int(Self.milliseconds(span.endTime))])
            }
        }
        if let parameters = span.parameters, case .object(let object) = parameters.jsonValue, !object.isEmpty {
            writer.set(LangWatchKeys.params, json: .object(object))
        }
        if !span.ragContexts.isEmpty {
            writer.set(LangWatchKeys.ragContexts, json: .array(span.ragContexts.map(Self.ragContext)))
        }

        writer.finish(&span)
    }

    static func spanType(_ type: SpanType) -> String {
        switch type {
        case .llm, .embedding: return "llm"
        case .tool: return "tool"
        case .agent: return "agent"
        case .rag: return "rag"
        case .workflow: return "workflow"
        case .evaluation: return "evaluation"
        case .guardrail: return "component"
        case .span: return "span"
        }
    }

    /// LangWatch's typed value: `{"type": "text" | "chat_messages" | "json", "value": …}`.
    static func typedValue(_ content: SpanContent) -> JSONValue {
        let type: JSONValue
        switch content {
        case .text: type = "text"
        case .chatMessages: type = "chat_messages"
        case .json: type = "json"
        }
        return ["type": type, "value": content.jsonValue]
    }

    /// `{"cost", "prompt_tokens", "completion_tokens"}`, written only when the cost is known
    /// (the token counts already travel under `gen_ai.usage.*`).
    static func metrics(_ usage: TokenUsage) -> JSONValue? {
        guard let cost = usage.cost else { return nil }
        var object: [String: JSONValue] = [LangWatchKeys.Metrics.cost: .double(cost)]
        if let input = usage.inputTokens { object[LangWatchKeys.Metrics.promptTokens] = .int(Int64(input)) }
        if let output = usage.outputTokens { object[LangWatchKeys.Metrics.completionTokens] = .int(Int64(output)) }
        return .object(object)
    }

    private static func milliseconds(_ time: Timestamp) -> Int64 {
        Int64(clamping: time.nanosecondsSinceEpoch / 1_000_000)
    }

    private static func ragContext(_ context: RAGContext) -> JSONValue {
        var object: [String: JSONValue] = ["document_id": .string(context.documentId),
                                           "content": .string(context.content)]
        if let chunkId = context.chunkId { object["chunk_id"] = .string(chunkId) }
        return .object(object)
    }
}
