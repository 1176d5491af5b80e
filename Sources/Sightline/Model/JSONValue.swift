/// A JSON-like value: what custom trace metadata, tool arguments and request parameters hold.
///
/// Integers and floating-point numbers are kept apart so an id like `12345678901234567` survives.
/// Literals work directly: `["score": 0.9, "reviewer": "alice", "flags": ["a", "b"]]`.
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits in 64 bits, kept exact.
    case int(Int64)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object; key order is not kept.
    case object([String: JSONValue])

    /// Compact JSON text. Object keys are sorted so equal values give equal text.
    /// NaN and infinities, which JSON cannot express, are written as `null`.
    public var jsonString: String {
        var writer = JSONWriter()
        writer.value(self, style: .canonical)
        return writer.text
    }

    /// An integer given as `Int`, the type Swift code usually has at hand (``int(_:)-enum.case`` the case
    /// takes `Int64`): `.int(count)`. Disfavoured, so that `.int(.max)` still means the case.
    /// - Parameter value: the integer.
    @_disfavoredOverload
    public static func int(_ value: Int) -> JSONValue {
        .int(Int64(value))
    }

    /// The value as a number, when it is one.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string literal: `"alice"`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer literal: `3`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A floating-point literal: `0.9`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// `true` or `false`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array literal: `["a", "b"]`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal: `["score": 0.9]`; of repeated keys the last wins.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// `nil`: JSON `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: CustomStringConvertible {
    /// A string's own text; any other value's JSON text.
    public var description: String {
        if case .string(let value) = self { return value }
        return jsonString
    }
}
