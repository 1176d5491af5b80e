/// Writes the keys Langfuse reads (``LangfuseKeys``): trace identity, tags and metadata,
/// trace and observation input and output, the observation type, model, usage and cost details,
/// the completion start time of streamed calls, and the level of failed spans.
struct LangfuseConvention: AttributeProcessor {
    /// Writes custom metadata on every span instead of the local root only.
    let customMetadataOnEverySpan: Bool

    init(customMetadataOnEverySpan: Bool = false) {
        self.customMetadataOnEverySpan = customMetadataOnEverySpan
    }

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        let metadata = span.traceMetadataIfSet

        writer.set(LangfuseKeys.observationType, string: Self.observationType(span.type))

        writer.set(LangfuseKeys.userId, string: metadata?.userId)
        writer.set(LangfuseKeys.sessionId, string: metadata?.threadId)
        writer.set(LangfuseKeys.traceTags, strings: span.allLabels)
        // Written before the custom keys, so the customer id wins over a custom "customer_id".
        writer.set(LangfuseKeys.customerId, string: metadata?.customerId)
        writer.setEach(prefix: LangfuseKeys.traceMetadataPrefix,
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))

        if let input = span.input { writer.set(LangfuseKeys.observationInput, json: input.jsonValue) }
        if let output = span.output { writer.set(LangfuseKeys.observationOutput, json: output.jsonValue) }
        if span.parentSpanId == nil {
            // The trace's own input and output are those of its root.
            if let input = span.input { writer.set(LangfuseKeys.traceInput, json: input.jsonValue) }
            if let output = span.output { writer.set(LangfuseKeys.traceOutput, json: output.jsonValue) }
        }

        writer.set(LangfuseKeys.modelName, string: span.model ?? span.responseModel)
        if let usage = span.usage {
            if let details = Self.usageDetails(usage) { writer.set(LangfuseKeys.usageDetails, json: details) }
            if let cost = usage.cost { writer.set(LangfuseKeys.costDetails, json: [LangfuseKeys.Cost.total: .double(cost)]) }
        }
        if let first = span.firstChunkTime { writer.set(LangfuseKeys.completionStartTime, string: first.iso8601) }

        if case .error(let description) = span.status {
            writer.set(LangfuseKeys.level, string: LangfuseKeys.errorLevel)
            if !description.isEmpty { writer.set(LangfuseKeys.statusMessage, string: description) }
        }

        writer.finish(&span)
    }

    /// `langfuse.observation.type`: LLM calls are generations.
    static func observationType(_ type: SpanType) -> String {
        switch type {
        case .llm: return "generation"
        case .embedding: return "embedding"
        case .tool: return "tool"
        case .agent: return "agent"
        case .rag: return "retriever"
        case .workflow: return "chain"
        case .evaluation: return "evaluator"
        case .guardrail: return "guardrail"
        case .span: return "span"
        }
    }

    /// The token counts as usage details, with `total` when input or output is known; nil when
    /// no count is.
    static func usageDetails(_ usage: TokenUsage) -> JSONValue? {
        var object: [String: JSONValue] = [:]
        func add(_ key: String, _ count: Int?) {
            if let count { object[key] = .int(Int64(count)) }
        }
        add(LangfuseKeys.Usage.input, usage.inputTokens)
        add(LangfuseKeys.Usage.output, usage.outputTokens)
        add(LangfuseKeys.Usage.total, usage.totalTokens)
        add(LangfuseKeys.Usage.inputCacheRead, usage.cacheReadInputTokens)
        add(LangfuseKeys.Usage.inputCacheCreation, usage.cacheCreationInputTokens)
        add(LangfuseKeys.Usage.outputReasoning, usage.reasoningOutputTokens)
        return object.isEmpty ? nil : .object(object)
    }
}
