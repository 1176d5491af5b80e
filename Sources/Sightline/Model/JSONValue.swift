/// A JSON-like value: what custom trace metadata, tool arguments and request parameters hold.
///
/// Integers and floating-point numbers are kept apart so an id like `12345678901234567` survives.
/// Literals work directly: `["score": 0.9, "reviewer": "alice", "flags": ["a", "b"]]`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Compact JSON text. Object keys are sorted so equal values give equal text.
    /// NaN and infinities, which JSON cannot express, are written as `null`.
    public var jsonString: String {
        var writer = JSONWriter()
        writer.value(self, style: .canonical)
        return writer.text
    }

    /// An integer given as `Int`, the type Swift code usually has at hand (``int(_:)`` the case
    /// takes `Int64`): `.int(count)`. Disfavoured, so that `.int(.max)` still means the case.
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
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: CustomStringConvertible {
    public var description: String {
        if case .string(let value) = self { return value }
        return jsonString
    }
}
