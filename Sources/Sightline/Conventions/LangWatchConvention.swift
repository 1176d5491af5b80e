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
        let metadata = span.traceMetadata

        writer.set("langwatch.span.type", string: Self.spanType(span.type))

        writer.set("gen_ai.conversation.id", string: metadata.threadId)
        writer.set("langwatch.user.id", string: metadata.userId)
        writer.set("langwatch.customer.id", string: metadata.customerId)
        writer.set("langwatch.labels", strings: span.allLabels)
        writer.setEach(prefix: "metadata.",
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))

        if let input = span.input { writer.set("langwatch.input", json: Self.typedValue(input)) }
        if let output = span.output { writer.set("langwatch.output", json: Self.typedValue(output)) }

        writer.set("gen_ai.request.model", string: span.model)
        if let usage = span.usage {
            writer.set("gen_ai.usage.input_tokens", int: usage.inputTokens)
            writer.set("gen_ai.usage.output_tokens", int: usage.outputTokens)
            writer.set("gen_ai.usage.cache_read.input_tokens", int: usage.cacheReadInputTokens)
            writer.set("gen_ai.usage.cache_creation.input_tokens", int: usage.cacheCreationInputTokens)
            writer.set("gen_ai.usage.reasoning.output_tokens", int: usage.reasoningOutputTokens)
            if let metrics = Self.metrics(usage) { writer.set("langwatch.metrics", json: metrics) }
        }
        if span.isStreaming {
            writer.set("langwatch.gen_ai.streaming", .bool(true))
            if let first = span.firstChunkTime {
                writer.set("langwatch.timestamps", json: ["started_at": .int(Self.milliseconds(span.startTime)),
                                                          "first_token_at": .int(Self.milliseconds(first)),
                                                          "finished_at": .int(Self.milliseconds(span.endTime))])
            }
        }
        if let parameters = span.parameters, case .object(let object) = parameters.jsonValue, !object.isEmpty {
            writer.set("langwatch.params", json: .object(object))
        }
        if !span.ragContexts.isEmpty {
            writer.set("langwatch.rag.contexts", json: .array(span.ragContexts.map(Self.ragContext)))
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
        var object: [String: JSONValue] = ["cost": .double(cost)]
        if let input = usage.inputTokens { object["prompt_tokens"] = .int(Int64(input)) }
        if let output = usage.outputTokens { object["completion_tokens"] = .int(Int64(output)) }
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
