/// What an LLM application span does. Each convention writes it under its own key and value
/// (see CONVENTIONS.md): `.llm` becomes `gen_ai.operation.name = chat`, `langwatch.span.type = llm`,
/// `lmnr.span.type = LLM` and `openinference.span.kind = LLM`.
public enum SpanType: String, Sendable, Hashable, CaseIterable {
    case llm
    case embedding
    case tool
    case agent
    case rag
    case workflow
    case evaluation
    case guardrail
    /// A plain span with no LLM role (the default).
    case span
}
