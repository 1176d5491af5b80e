import Sightline

/// One evaluation of a trace's work: a judge's score, a guardrail's verdict. Read from a span's
/// `gen_ai.evaluation.result` event (`gen_ai.evaluation.name`, `.score.value`, `.score.label`,
/// `.explanation`), or pushed after the trace ended (`POST /api/traces/{id}/evaluations`).
///
/// A trace keeps every evaluation it receives, several of the same name included; an `--eval`
/// condition matches a trace when any one of them meets it (see ``EvaluationCondition``).
public struct TraceEvaluation: Sendable, Hashable, Codable {
    /// What was evaluated: `faithfulness`, `toxicity`.
    public var name: String
    /// A finite number, when the evaluation gave one.
    public var score: Double?
    /// A verdict such as `pass` or `fail`, when the evaluation gave one.
    public var label: String?
    /// Why the evaluator decided so, when it said.
    public var explanation: String?
    /// The span whose event it was; nil for an evaluation pushed afterwards.
    public var spanId: String?
    /// When it was recorded: the event's time, or when the collector received the push.
    public var time: Timestamp

    /// Makes an evaluation.
    /// - Parameters:
    ///   - name: what was evaluated.
    ///   - score: A finite number, when the evaluation gave one.
    ///   - label: A verdict such as `pass` or `fail`, when the evaluation gave one.
    ///   - explanation: why the evaluator decided so, when it said.
    ///   - spanId: the span whose event it was.
    ///   - time: when it was recorded.
    public init(name: String, score: Double? = nil, label: String? = nil, explanation: String? = nil,
                spanId: String? = nil, time: Timestamp) {
        self.name = name
        self.score = score
        self.label = label
        self.explanation = explanation
        self.spanId = spanId
        self.time = time
    }
}
