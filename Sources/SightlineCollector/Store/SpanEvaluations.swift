import Sightline

/// The evaluations a span carries as `gen_ai.evaluation.result` events (OTel GenAI v1.38), as
/// `Span.recordEvaluation(name:score:label:explanation:)` writes them.
///
/// Untrusted values are checked, never trusted: an event without a name (absent, empty, not a
/// string, or holding a control character, which an exact lookup could not find) is no
/// evaluation and is counted in ``dropped``. A score that is not a finite number (NaN, an
/// infinity, a string, a boolean) and a label that is not a string or holds a control character
/// are left out of an evaluation that is otherwise kept, and counted in ``invalidValues``.
struct SpanEvaluations {
    private(set) var evaluations: [TraceEvaluation] = []
    private(set) var dropped = 0
    private(set) var invalidValues = 0

    static let nameKey = GenAIKeys.evaluationName
    static let scoreKey = GenAIKeys.evaluationScoreValue
    static let labelKey = GenAIKeys.evaluationScoreLabel
    static let explanationKey = GenAIKeys.evaluationExplanation

    init() {}

    /// Adds the evaluations of `span`'s events.
    mutating func add(_ span: CollectedSpan) {
        for event in span.events where event.name == Span.evaluationEventName {
            guard case .string(let name)? = event.attributes[Self.nameKey], !name.isEmpty,
                  IdentifierText.problem(name, as: "an evaluation name") == nil else {
                dropped += 1
                continue
            }
            var evaluation = TraceEvaluation(name: name, spanId: span.spanId, time: event.time)
            if let value = event.attributes[Self.scoreKey] {
                if let score = Self.score(value) { evaluation.score = score } else { invalidValues += 1 }
            }
            if let value = event.attributes[Self.labelKey] {
                if case .string(let label) = value, IdentifierText.problem(label, as: "an evaluation label") == nil {
                    evaluation.label = label
                } else {
                    invalidValues += 1
                }
            }
            if case .string(let explanation)? = event.attributes[Self.explanationKey] {
                evaluation.explanation = explanation
            }
            evaluations.append(evaluation)
        }
    }

    /// A score as the store keeps it: a finite number, integer or not.
    static func score(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number) where number.isFinite: return number
        default: return nil
        }
    }
}
