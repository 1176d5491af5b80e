import GRDB
import Sightline

/// One evaluation condition: `faithfulness<0.5` compares the score, `toxicity=fail` the label.
///
/// A trace meets it when **any one** of its evaluations of that name does (a trace keeps every
/// evaluation it receives, from its spans' events and from pushes; none replaces another, so
/// the answer does not depend on the order they arrived in). Evaluations without a score never
/// meet a score comparison, and those without a label never meet a label comparison, `!=`
/// included: `toxicity!=fail` finds traces with a `toxicity` label other than `fail`. Several
/// conditions must all hold, each met by any evaluation of its name.
public struct EvaluationCondition: Sendable, Hashable {
    /// How an evaluation's score or label is compared with ``value``.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        /// Equal (also written `==`).
        case equal = "="
        /// Not equal.
        case notEqual = "!="
        /// Less than.
        case less = "<"
        /// Less than or equal.
        case lessOrEqual = "<="
        /// Greater than.
        case greater = ">"
        /// Greater than or equal.
        case greaterOrEqual = ">="
    }

    /// What the condition compares.
    public enum Value: Sendable, Hashable {
        /// The evaluation's score.
        case score(Double)
        /// The evaluation's label, as text (the ordering comparisons order it as SQLite orders text).
        case label(String)
    }

    /// The evaluation's name.
    public var name: String
    /// How the evaluation's score or label is compared.
    public var comparison: Comparison
    /// The score or label compared with.
    public var value: Value

    /// Makes a condition.
    ///
    /// ```swift
    /// EvaluationCondition(name: "faithfulness", .less, .score(0.5))
    /// ```
    /// - Parameters:
    ///   - name: the evaluation's name.
    ///   - comparison: how its score or label is compared.
    ///   - value: the score or label compared with.
    public init(name: String, _ comparison: Comparison, _ value: Value) {
        self.name = name
        self.comparison = comparison
        self.value = value
    }

    /// Reads `name=value`, `name==value`, `name!=value`, `name<n`, `name<=n`, `name>n` or `name>=n`.
    ///
    /// With `=` and `!=`, a value that reads as a finite number compares the score, anything
    /// else the label. The ordering comparisons need a number.
    /// - Parameter text: the condition, as `sightline traces --eval` takes it.
    /// - Throws: ``EvaluationConditionError`` naming what is wrong with `text`.
    public init(parsing text: String) throws(EvaluationConditionError) {
        guard let operatorStart = text.firstIndex(where: { "=<>!".contains($0) }) else {
            throw EvaluationConditionError(text: text, reason: "expected name=label, or a score comparison such as name<0.5")
        }
        let name = text[..<operatorStart].trimmingWhitespace()
        guard !name.isEmpty else { throw EvaluationConditionError(text: text, reason: "the name is empty") }
        var rest = text[operatorStart...]
        let comparison: Comparison
        if rest.hasPrefix("==") {
            comparison = .equal
            rest = rest.dropFirst(2)
        } else if let twoCharacter = Comparison(rawValue: String(rest.prefix(2))) {
            comparison = twoCharacter
            rest = rest.dropFirst(2)
        } else if let oneCharacter = Comparison(rawValue: String(rest.prefix(1))) {
            comparison = oneCharacter
            rest = rest.dropFirst()
        } else {
            throw EvaluationConditionError(text: text, reason: "expected =, !=, <, <=, > or >= after the name")
        }
        let valueText = rest.trimmingWhitespace()
        guard !valueText.isEmpty else { throw EvaluationConditionError(text: text, reason: "the value is empty") }
        let number = Double(valueText).flatMap { $0.isFinite ? $0 : nil }
        switch (comparison, number) {
        case (_, let number?): self.init(name: name, comparison, .score(number))
        case (.equal, nil), (.notEqual, nil): self.init(name: name, comparison, .label(valueText))
        default:
            throw EvaluationConditionError(text: text, reason: "\(comparison.rawValue) needs a score, not \"\(valueText)\"")
        }
    }

    /// The condition on an evaluation row `e`, and its arguments.
    func predicate() -> (condition: String, arguments: [DatabaseValue]) {
        let column: String
        let argument: DatabaseValue
        switch value {
        case .score(let score):
            column = "score"
            argument = score.databaseValue
        case .label(let label):
            column = "label"
            argument = label.databaseValue
        }
        return ("e.name = ? AND e.\(column) \(comparison == .notEqual ? "<>" : comparison.rawValue) ?", [name.databaseValue, argument])
    }

    /// The condition on a trace `t`, and its arguments: the trace's own evaluations of that name,
    /// through the trace's index (left to itself, the planner may pick the name-and-score index,
    /// and read every matching evaluation of the store for each trace).
    func sql() -> (condition: String, arguments: [DatabaseValue]) {
        let (predicate, arguments) = predicate()
        return ("EXISTS (SELECT 1 FROM trace_evaluations e INDEXED BY trace_evaluations_by_trace "
                    + "WHERE e.trace_key = t.id AND \(predicate))", arguments)
    }
}

extension EvaluationCondition: CustomStringConvertible {
    /// The condition as ``init(parsing:)`` reads it: `faithfulness<0.5`.
    public var description: String {
        switch value {
        case .score(let score): return name + comparison.rawValue + JSONValue.double(score).jsonString
        case .label(let label): return name + comparison.rawValue + label
        }
    }
}
