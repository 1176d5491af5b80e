/// Why bytes could not be read as JSON, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var reason: String
    /// The byte offset where reading stopped.
    public var offset: Int

    /// Describes a parse failure.
    /// - Parameters:
    ///   - reason: what is wrong.
    ///   - offset: the byte offset where reading stopped.
    public init(reason: String, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The reason and the offset, in a sentence.
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
    /// Parses one JSON text (RFC 8259).
    ///
    /// Untrusted input is safe: nesting deeper than `maximumDepth` is an error, not a stack
    /// overflow. Integers that fit in 64 bits stay exact (``JSONValue/int(_:)-enum.case``); other numbers
    /// are doubles. Invalid UTF-8 inside strings is replaced with U+FFFD. Of duplicate object
    /// keys, the last one wins.
    ///
    /// `memoryLimit` bounds the memory the parsed value takes, estimated as it is built (with
    /// room for the slack of growing arrays and dictionaries): two bytes of `{}` inside an array
    /// cost an element, and `{"a":0}` a whole dictionary. Past it, parsing stops with an error.
    /// - Parameters:
    ///   - bytes: the JSON text, UTF-8.
    ///   - maximumDepth: the deepest nesting of arrays and objects accepted.
    ///   - memoryLimit: the most memory the parsed value may take, in bytes.
    /// - Throws: ``JSONParseError`` saying what is wrong and at which byte.
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = 128,
                memoryLimit: Int = .max) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(bytes), maximumDepth: maximumDepth, memoryLimit: memoryLimit)
        self = try parser.parseDocument()
    }
}

/// A recursive-descent JSON reader over a byte array.
struct JSONParser {
    private let bytes: [UInt8]
    private let maximumDepth: Int
    private let memoryLimit: Int
    private var position = 0
    private var depth = 0
    private var memoryUsed = 0

    init(bytes: [UInt8], maximumDepth: Int, memoryLimit: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.memoryLimit = memoryLimit
    }

    /// What an element of an array or a member of a dictionary costs, growth slack included.
    private static let slotCost = 2 * MemoryLayout<JSONValue>.stride
    /// What a non-empty array or dictionary costs beyond its slots (its allocation's header).
    private static let containerCost = 64

    /// Counts `cost` bytes against the memory limit.
    private mutating func charge(_ cost: Int) throws(JSONParseError) {
        memoryUsed += cost
        if memoryUsed > memoryLimit { throw failure("the value needs more memory than the limit of \(memoryLimit) bytes") }
    }

    /// What a string takes beyond its slot: nothing for the short ones stored inline.
    private static func stringCost(_ string: String) -> Int {
        string.utf8.count > 15 ? 32 + string.utf8.count : 0
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        skipWhitespace()
        guard position < bytes.count else { throw failure("empty document") }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let string = try parseString()
            try charge(Self.stringCost(string))
            return .string(string)
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character \(Self.describe(byte))")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            let key = try parseString()
            // A dictionary slot holds the key beside the value.
            try charge((members.isEmpty ? Self.containerCost : 0) + Self.slotCost + 2 * MemoryLayout<String>.stride
                       + Self.stringCost(key))
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after an object key") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(members)
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            try charge((elements.isEmpty ? Self.containerCost : 0) + Self.slotCost)
            elements.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw failure("nested deeper than \(maximumDepth) levels") }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // the opening quote
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw failure("control character \(Self.describe(byte)) inside a string")
            default:
                utf8.append(byte)
                position += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        guard let byte = peek() else { throw failure("unterminated escape") }
        position += 1
        if let unescaped = JSONEscape.byte(escaped: byte) {
            utf8.append(unescaped)
        } else if byte == UInt8(ascii: "u") {
            let scalar = try parseUnicodeEscape()
            utf8.append(contentsOf: String(Character(scalar)).utf8)
        } else {
            throw failure("invalid escape \\\(Self.describe(byte))")
        }
    }

    /// The scalar of `\uXXXX`, or of a `\uD8xx\uDCxx` surrogate pair; a lone surrogate is U+FFFD.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let first = try parseHexQuad()
        guard (0xD800...0xDBFF).contains(first) else {
            return Unicode.Scalar(first) ?? "\u{FFFD}"
        }
        let hasLowHalf = position + 1 < bytes.count
            && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u")
        guard hasLowHalf else { return "\u{FFFD}" }
        let mark = position
        position += 2
        let second = try parseHexQuad()
        guard (0xDC00...0xDFFF).contains(second) else {
            position = mark  // not a pair: read the second escape on its own
            return "\u{FFFD}"
        }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
    }

    private mutating func parseHexQuad() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            guard let nibble = JSONEscape.hexValue(byte) else {
                throw failure("invalid hex digit \(Self.describe(byte)) in a \\u escape")
            }
            value = value << 4 | UInt32(nibble)
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var isInteger = true
        if peek() == UInt8(ascii: "-") { position += 1 }
        switch peek() ?? 0 {
        case UInt8(ascii: "0"): position += 1
        case UInt8(ascii: "1")...UInt8(ascii: "9"): skipDigits()
        default: throw failure("expected a digit")
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard peek().map(Self.isDigit) == true else { throw failure("expected a digit after '.'") }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard peek().map(Self.isDigit) == true else { throw failure("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .int(integer) }
        guard let number = Double(text), number.isFinite else {
            position = start
            throw failure("number \(text.prefix(40)) is out of range")
        }
        return .double(number)
    }

    private mutating func skipDigits() {
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard position + expected.count <= bytes.count,
              bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw failure("invalid literal")
        }
        position += expected.count
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private func failure(_ reason: String) -> JSONParseError {
        JSONParseError(reason: reason, offset: position)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }
}
