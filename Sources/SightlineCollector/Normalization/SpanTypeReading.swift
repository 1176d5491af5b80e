import Sightline

/// Reads a span's ``SpanType`` back from the value each convention wrote (CONVENTIONS.md).
///
/// The conventions are not equally precise: LangWatch writes `llm` for embeddings too, Laminar
/// folds five types into `DEFAULT`, OpenInference writes `CHAIN` for both workflows and plain
/// spans, and the GenAI conventions have no value for evaluations, guardrails or plain spans.
/// So each value reads as a type that is either *certain* (only one type writes it) or only
/// *likely*. A certain reading from any convention wins; otherwise the first likely one, in the
/// order LangWatch, OpenInference, Laminar, Langfuse.
enum SpanTypeReading {
    struct Reading {
        let type: SpanType
        let isCertain: Bool
    }

    static func type(sightline: String? = nil, genAIOperation: String?, langWatch: String?, openInference: String?,
                     laminar: String?, langfuse: String? = nil) -> SpanType {
        // Sightline's own key names the type exactly.
        if let exact = sightline.flatMap(SpanType.init(rawValue:)) { return exact }
        let readings = [
            genAIOperation.flatMap(fromGenAI),
            langWatch.flatMap(fromLangWatch),
            openInference.flatMap(fromOpenInference),
            laminar.flatMap(fromLaminar),
            langfuse.flatMap(fromLangfuse),
        ]
        if let certain = readings.first(where: { $0?.isCertain == true }) { return certain!.type }
        let likely = [readings[1], readings[2], readings[3], readings[4]]
        return likely.compactMap { $0 }.first?.type ?? .span
    }

    /// `gen_ai.operation.name`, including the operation names other GenAI instrumentations use.
    static func fromGenAI(_ value: String) -> Reading? {
        switch value {
        case "chat", "text_completion", "generate_content": return Reading(type: .llm, isCertain: true)
        case "embeddings": return Reading(type: .embedding, isCertain: true)
        case "execute_tool": return Reading(type: .tool, isCertain: true)
        case "invoke_agent", "create_agent": return Reading(type: .agent, isCertain: true)
        case "retrieval": return Reading(type: .rag, isCertain: true)
        case "invoke_workflow": return Reading(type: .workflow, isCertain: true)
        default: return nil
        }
    }

    /// `langwatch.span.type`, and the `type` of a LangWatch REST span.
    static func fromLangWatch(_ value: String) -> Reading? {
        switch value {
        case "llm": return Reading(type: .llm, isCertain: false)  // embeddings are `llm` too
        case "tool": return Reading(type: .tool, isCertain: true)
        case "agent": return Reading(type: .agent, isCertain: true)
        case "rag": return Reading(type: .rag, isCertain: true)
        case "workflow": return Reading(type: .workflow, isCertain: true)
        case "chain": return Reading(type: .workflow, isCertain: false)
        case "evaluation": return Reading(type: .evaluation, isCertain: true)
        case "guardrail": return Reading(type: .guardrail, isCertain: true)
        case "component": return Reading(type: .guardrail, isCertain: false)  // Sightline's guardrails
        case "span": return Reading(type: .span, isCertain: false)
        default: return nil
        }
    }

    /// `openinference.span.kind`.
    static func fromOpenInference(_ value: String) -> Reading? {
        switch value.uppercased() {
        case "LLM": return Reading(type: .llm, isCertain: true)
        case "EMBEDDING": return Reading(type: .embedding, isCertain: true)
        case "TOOL": return Reading(type: .tool, isCertain: true)
        case "AGENT": return Reading(type: .agent, isCertain: true)
        case "RETRIEVER": return Reading(type: .rag, isCertain: true)
        case "RERANKER": return Reading(type: .rag, isCertain: false)
        case "EVALUATOR": return Reading(type: .evaluation, isCertain: true)
        case "GUARDRAIL": return Reading(type: .guardrail, isCertain: true)
        // CHAIN is OpenInference's general-purpose step: Sightline writes it for plain spans
        // and for workflows alike.
        case "CHAIN": return Reading(type: .span, isCertain: false)
        default: return nil
        }
    }

    /// `lmnr.span.type`.
    static func fromLaminar(_ value: String) -> Reading? {
        switch value.uppercased() {
        case "LLM": return Reading(type: .llm, isCertain: false)  // embeddings are `LLM` too
        case "TOOL": return Reading(type: .tool, isCertain: true)
        case "EVALUATION", "EVALUATOR": return Reading(type: .evaluation, isCertain: true)
        case "DEFAULT": return Reading(type: .span, isCertain: false)
        default: return nil
        }
    }

    /// `langfuse.observation.type`. `span` is also what Langfuse's SDKs write when no type is
    /// given, so it and `event` only hint at a plain span.
    static func fromLangfuse(_ value: String) -> Reading? {
        switch value.lowercased() {
        case "generation": return Reading(type: .llm, isCertain: true)
        case "embedding": return Reading(type: .embedding, isCertain: true)
        case "tool": return Reading(type: .tool, isCertain: true)
        case "agent": return Reading(type: .agent, isCertain: true)
        case "retriever": return Reading(type: .rag, isCertain: true)
        case "chain": return Reading(type: .workflow, isCertain: true)
        case "evaluator": return Reading(type: .evaluation, isCertain: true)
        case "guardrail": return Reading(type: .guardrail, isCertain: true)
        case "span", "event": return Reading(type: .span, isCertain: false)
        default: return nil
        }
    }
}
