import Sightline

/// A pushed evaluation as it waits in `pending_patches.evaluation` for its trace: a JSON object
/// with `name`, `score`, `label`, `explanation` and `time` (nanoseconds since the epoch).
enum PendingEvaluation {
    static func json(_ evaluation: TraceEvaluation) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "name": .string(evaluation.name),
            "time": .int(SpanRecord.integer(evaluation.time)),
        ]
        if let score = evaluation.score { object["score"] = .double(score) }
        if let label = evaluation.label { object["label"] = .string(label) }
        if let explanation = evaluation.explanation { object["explanation"] = .string(explanation) }
        return object
    }

    /// The evaluation `object` holds; nil when it is not one ``json(_:)`` wrote.
    static func evaluation(_ object: [String: JSONValue]) -> TraceEvaluation? {
        guard case .string(let name)? = object["name"], case .int(let time)? = object["time"] else { return nil }
        var evaluation = TraceEvaluation(name: name, time: SpanRecord.timestamp(time))
        evaluation.score = object["score"].flatMap(SpanEvaluations.score)
        if case .string(let label)? = object["label"] { evaluation.label = label }
        if case .string(let explanation)? = object["explanation"] { evaluation.explanation = explanation }
        return evaluation
    }
}
