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
        writer.write(self)
        return writer.output
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

/// Writes compact JSON text into a byte buffer.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes `value` with an explicit stack instead of recursion, so that metadata nested
    /// thousands of levels deep cannot overflow the stack of the thread writing it.
    mutating func write(_ value: JSONValue) {
        enum Step {
            case value(JSONValue)
            case key(String)
            case byte(UInt8)
        }
        var steps: [Step] = [.value(value)]
        while let step = steps.popLast() {
            switch step {
            case .byte(let byte): bytes.append(byte)
            case .key(let key):
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
            case .value(.null): append("null")
            case .value(.bool(let flag)): append(flag ? "true" : "false")
            case .value(.int(let number)): append(String(number))
            case .value(.double(let number)): writeNumber(number)
            case .value(.string(let text)): writeString(text)
            case .value(.array(let elements)):
                bytes.append(UInt8(ascii: "["))
                steps.append(.byte(UInt8(ascii: "]")))
                for (index, element) in elements.enumerated().reversed() {
                    steps.append(.value(element))
                    if index > 0 { steps.append(.byte(UInt8(ascii: ","))) }
                }
            case .value(.object(let members)):
                bytes.append(UInt8(ascii: "{"))
                steps.append(.byte(UInt8(ascii: "}")))
                for (index, key) in members.keys.sorted().enumerated().reversed() {
                    steps.append(.value(members[key]!))
                    steps.append(.key(key))
                    if index > 0 { steps.append(.byte(UInt8(ascii: ","))) }
                }
            }
        }
    }

    mutating func writeNumber(_ number: Double) {
        guard number.isFinite else { return append("null") }
        if number == number.rounded(), abs(number) < 1e15 {
            append(String(Int64(number)))
        } else {
            append(String(number))
        }
    }

    mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0xF))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
