import GRDB
import Sightline

/// One custom metadata condition: `variant=B` (exact) or `score>0.8` (numeric comparison).
public struct MetadataCondition: Sendable, Hashable {
    /// How the trace's value is compared with ``value``.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        /// Equal (also written `==`).
        case equal = "="
        /// Less than.
        case less = "<"
        /// Less than or equal.
        case lessOrEqual = "<="
        /// Greater than.
        case greater = ">"
        /// Greater than or equal.
        case greaterOrEqual = ">="
    }

    /// The custom metadata key.
    public var key: String
    /// How the trace's value is compared.
    public var comparison: Comparison
    /// A number for the ordering comparisons; any value for `=`.
    public var value: JSONValue

    /// Makes a condition.
    ///
    /// ```swift
    /// MetadataCondition(key: "score", .greater, 0.8)
    /// ```
    /// - Parameters:
    ///   - key: the custom metadata key.
    ///   - comparison: how the trace's value is compared.
    ///   - value: the value compared with; a number for the ordering comparisons.
    public init(key: String, _ comparison: Comparison = .equal, _ value: JSONValue) {
        self.key = key
        self.comparison = comparison
        self.value = value
    }

    /// Reads `key=value`, `key==value`, `key<n`, `key<=n`, `key>n` or `key>=n`.
    ///
    /// For `=`, a value that reads as a number, `true`, `false` or `null` is that JSON value and
    /// matches it whether the trace stored it as a number or as text; anything else is a string.
    /// The ordering comparisons need a number.
    ///
    /// ```swift
    /// let condition = try MetadataCondition(parsing: "score>0.8")
    /// ```
    /// - Parameter text: the condition, as `sightline traces --meta` takes it.
    /// - Throws: ``MetadataConditionError`` naming what is wrong with `text`.
    public init(parsing text: String) throws(MetadataConditionError) {
        guard let operatorStart = text.firstIndex(where: { $0 == "=" || $0 == "<" || $0 == ">" }) else {
            throw MetadataConditionError(text: text, reason: "expected key=value or a comparison such as key>0.8")
        }
        let key = text[..<operatorStart].trimmingWhitespace()
        guard !key.isEmpty else { throw MetadataConditionError(text: text, reason: "the key is empty") }
        var rest = text[operatorStart...]
        let comparison: Comparison
        if rest.hasPrefix("==") {
            comparison = .equal
            rest = rest.dropFirst(2)
        } else if let twoCharacter = Comparison(rawValue: String(rest.prefix(2))) {
            comparison = twoCharacter
            rest = rest.dropFirst(2)
        } else {
            comparison = Comparison(rawValue: String(rest.prefix(1)))!
            rest = rest.dropFirst()
        }
        let valueText = rest.trimmingWhitespace()
        let scalar = Self.scalar(valueText)
        if comparison != .equal {
            guard let number = scalar.doubleValue else {
                throw MetadataConditionError(text: text, reason: "\(comparison.rawValue) needs a number, not \"\(valueText)\"")
            }
            self.init(key: key, comparison, .double(number))
        } else {
            self.init(key: key, .equal, scalar)
        }
    }

    /// The SQL comparison with a `trace_metadata` row (alias `alias`) and its arguments: numbers
    /// against the indexed number, anything else against the indexed text (see `MetadataColumns`).
    func sql(alias: String) -> (condition: String, arguments: [DatabaseValue]) {
        if let number = MetadataColumns.number(value) {
            return ("\(alias).key = ? AND \(alias).value_number \(comparison.rawValue) ?",
                    [key.databaseValue, number.databaseValue])
        }
        return ("\(alias).key = ? AND \(alias).value_text = ?",
                [key.databaseValue, (MetadataColumns.text(value) ?? "").databaseValue])
    }

    private static func scalar(_ text: String) -> JSONValue {
        if let number = Int64(text) { return .int(number) }
        if let number = Double(text), number.isFinite, text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true {
            return .double(number)
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: return .string(text)
        }
    }
}

extension MetadataCondition: CustomStringConvertible {
    /// The condition as ``init(parsing:)`` reads it: `score>0.8`.
    public var description: String {
        key + comparison.rawValue + (value.doubleValue.map { JSONValue.double($0).jsonString } ?? value.description)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
