/// Writes the keys Laminar reads (`lmnr.*`, and the `gen_ai.*` model and usage keys).
///
/// Laminar takes the session and user only from its association properties, never from
/// `gen_ai.conversation.id`, so trace identity is written under `lmnr.association.properties.*`.
struct LaminarConvention: AttributeProcessor {
    /// Writes custom metadata on every span instead of the local root only.
    let customMetadataOnEverySpan: Bool

    init(customMetadataOnEverySpan: Bool = false) {
        self.customMetadataOnEverySpan = customMetadataOnEverySpan
    }

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        let metadata = span.traceMetadataIfSet

        writer.set(LaminarKeys.spanType, string: Self.spanType(span.type))

        writer.set(LaminarKeys.sessionId, string: metadata?.threadId)
        writer.set(LaminarKeys.userId, string: metadata?.userId)
        // Written before the custom keys, so the customer id wins over a custom "customer_id".
        writer.set(LaminarKeys.customerId, string: metadata?.customerId)
        writer.set(LaminarKeys.tags, strings: span.allLabels)
        writer.setEach(prefix: LaminarKeys.metadataPrefix,
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))

        if let input = span.input { writer.set(LaminarKeys.input, json: input.jsonValue) }
        if let output = span.output { writer.set(LaminarKeys.output, json: output.jsonValue) }

        writer.set(GenAIKeys.requestModel, string: span.model)
        writer.set(GenAIKeys.responseModel, string: span.responseModel)
        if let usage = span.usage {
            writer.set(GenAIKeys.inputTokens, int: usage.inputTokens)
            writer.set(GenAIKeys.outputTokens, int: usage.outputTokens)
            writer.set(GenAIKeys.cacheReadInputTokens, int: usage.cacheReadInputTokens)
            writer.set(GenAIKeys.cacheCreationInputTokens, int: usage.cacheCreationInputTokens)
            writer.set(GenAIKeys.reasoningOutputTokens, int: usage.reasoningOutputTokens)
            writer.set(LaminarKeys.cost, double: usage.cost)
        }

        writer.finish(&span)
    }

    static func spanType(_ type: SpanType) -> String {
        switch type {
        case .llm, .embedding: return "LLM"
        case .tool: return "TOOL"
        case .evaluation: return "EVALUATION"
        case .agent, .rag, .workflow, .guardrail, .span: return "DEFAULT"
        }
    }
}
