/// A span attribute value: the value kinds OTLP's `AnyValue` carries.
///
/// Literals work directly: `span.setAttribute("retries", 3)`, `span.setAttribute("tags", ["a", "b"])`.
public enum AttributeValue: Sendable, Hashable {
    /// A string.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
    /// A 64-bit integer.
    case int(Int64)
    /// A floating-point number.
    case double(Double)
    /// Raw bytes.
    case bytes([UInt8])
    /// An OTLP array value. String arrays must be sent this way, never as JSON text.
    case array([AttributeValue])
    /// An OTLP key-value list (a nested map, order kept).
    case keyValueList([Attribute])

    /// An array of strings, the shape of label lists.
    /// - Parameter values: the strings.
    public static func strings(_ values: [String]) -> AttributeValue {
        .array(values.map(AttributeValue.string))
    }

    /// The string payload, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements as strings, when this is an array of strings only.
    public var stringArrayValue: [String]? {
        guard case .array(let values) = self else { return nil }
        var strings = [String]()
        strings.reserveCapacity(values.count)
        for value in values {
            guard case .string(let string) = value else { return nil }
            strings.append(string)
        }
        return strings
    }
}

/// A key and its value, in the order they were set.
public struct Attribute: Sendable, Hashable {
    /// The attribute's key (`gen_ai.request.model`).
    public var key: String
    /// Its value.
    public var value: AttributeValue

    /// Pairs a key with a value.
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: its value.
    public init(_ key: String, _ value: AttributeValue) {
        self.key = key
        self.value = value
    }
}

extension AttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array literal: an OTLP array value.
    public init(arrayLiteral elements: AttributeValue...) { self = .array(elements) }
}

extension AttributeValue: CustomStringConvertible {
    /// The value as readable text: arrays in brackets, key-value lists in braces.
    public var description: String {
        switch self {
        case .string(let value): return value
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bytes(let value): return "<\(value.count) bytes>"
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .keyValueList(let pairs): return "{" + pairs.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}
