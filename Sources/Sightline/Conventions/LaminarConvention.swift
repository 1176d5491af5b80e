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

    private static let association = "lmnr.association.properties."

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        let metadata = span.traceMetadata
        let association = Self.association

        writer.set("lmnr.span.type", string: Self.spanType(span.type))

        writer.set(association + "session_id", string: metadata.threadId)
        writer.set(association + "user_id", string: metadata.userId)
        // Written before the custom keys, so the customer id wins over a custom "customer_id".
        writer.set(association + "metadata.customer_id", string: metadata.customerId)
        writer.set(association + "tags", strings: span.allLabels)
        writer.setEach(prefix: association + "metadata.",
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))

        if let input = span.input { writer.set("lmnr.span.input", json: input.jsonValue) }
        if let output = span.output { writer.set("lmnr.span.output", json: output.jsonValue) }

        writer.set("gen_ai.request.model", string: span.model)
        writer.set("gen_ai.response.model", string: span.responseModel)
        if let usage = span.usage {
            writer.set("gen_ai.usage.input_tokens", int: usage.inputTokens)
            writer.set("gen_ai.usage.output_tokens", int: usage.outputTokens)
            writer.set("gen_ai.usage.cache_read.input_tokens", int: usage.cacheReadInputTokens)
            writer.set("gen_ai.usage.cache_creation.input_tokens", int: usage.cacheCreationInputTokens)
            writer.set("gen_ai.usage.reasoning.output_tokens", int: usage.reasoningOutputTokens)
            writer.set("gen_ai.usage.cost", double: usage.cost)
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
