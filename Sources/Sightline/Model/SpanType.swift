/// What an LLM application span does. Each convention writes it under its own key and value
/// (see CONVENTIONS.md): `.llm` becomes `gen_ai.operation.name = chat`, `langwatch.span.type = llm`,
/// `lmnr.span.type = LLM` and `openinference.span.kind = LLM`.
public enum SpanType: String, Sendable, Hashable, CaseIterable {
    /// A call to a language model (chat or completion).
    case llm
    /// A call to an embedding model.
    case embedding
    /// A tool or function the model called.
    case tool
    /// An agent's run: planning, calls and tools together.
    case agent
    /// A retrieval of documents for the model (see ``Span/setRAGContexts(_:)``).
    case rag
    /// A chain or pipeline of steps.
    case workflow
    /// A judge or metric scoring other work.
    case evaluation
    /// A check that lets content through or blocks it.
    case guardrail
    /// A plain span with no LLM role (the default).
    case span
}
