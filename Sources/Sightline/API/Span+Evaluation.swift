extension Span {
    /// The name of the event ``recordEvaluation(name:score:label:explanation:)`` adds (OTel GenAI v1.38).
    public static let evaluationEventName = GenAIKeys.evaluationResultEvent

    /// Records the result of an evaluation of this span's work (a judge's faithfulness score, a
    /// guardrail's verdict) as a `gen_ai.evaluation.result` event: `gen_ai.evaluation.name`,
    /// `gen_ai.evaluation.score.value`, `gen_ai.evaluation.score.label` and
    /// `gen_ai.evaluation.explanation`, each written when given.
    ///
    /// ```swift
    /// span.recordEvaluation(name: "faithfulness", score: 0.42, label: "fail",
    ///                       explanation: "The answer cites a refund window the context does not give.")
    /// ```
    /// - Parameters:
    ///   - name: what was evaluated (`faithfulness`, `toxicity`).
    ///   - score: the score, when the evaluator gives one.
    ///   - label: the verdict (`pass`, `fail`), when it gives one.
    ///   - explanation: why it decided so.
    public func recordEvaluation(name: String, score: Double? = nil, label: String? = nil, explanation: String? = nil) {
        var attributes = [Attribute(GenAIKeys.evaluationName, .string(name))]
        if let score { attributes.append(Attribute(GenAIKeys.evaluationScoreValue, .double(score))) }
        if let label { attributes.append(Attribute(GenAIKeys.evaluationScoreLabel, .string(label))) }
        if let explanation { attributes.append(Attribute(GenAIKeys.evaluationExplanation, .string(explanation))) }
        addEvent(Self.evaluationEventName, attributes: attributes)
    }
}
