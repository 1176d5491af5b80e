import Sightline

/// A position in JSON text (RFC 8259) and the reads the OTLP/JSON decoder needs: objects
/// member by member, arrays element by element, strings, numbers and literals, and skipping a
/// value of any kind. Each read checks the grammar, so text that is not JSON throws at the
/// byte where it goes wrong.
///
/// The cursor also carries the decoder's two bounds: the nesting depth of objects and arrays
/// (checked as each one opens, so deep input throws before it can exhaust the stack) and a
/// budget of memory that the decoder charges for the values it builds.
///
/// The bytes are borrowed: they must stay valid while the cursor is in use.
struct JSONCursor {
    typealias Failure = OTLPJSONDecodingError

    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0
    private var depth = 0
    private let depthLimit: Int
    private var memoryLeft: Int
    private let memoryLimit: Int

    init(_ bytes: UnsafeRawBufferPointer, depthLimit: Int, memoryLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
        self.memoryLimit = memoryLimit
        self.memoryLeft = memoryLimit
    }

    // MARK: Errors and limits

    func error(_ reason: Failure.Reason, at offset: Int? = nil) -> Failure {
        Failure(reason: reason, offset: offset ?? position)
    }

    /// Takes `byteCount` from the memory budget; throws once the budget is spent.
    mutating func charge(_ byteCount: Int) throws(Failure) {
        memoryLeft -= byteCount
        if memoryLeft < 0 { throw error(.memoryLimitExceeded(limit: memoryLimit)) }
    }

    /// The error for a value that is not what the field takes: a type mismatch when a JSON
    /// value starts here, a syntax error otherwise.
    mutating func mismatch(expected: String) -> Failure {
        guard let byte = peek() else { return error(.invalidJSON("the input ends where \(expected) was expected")) }
        let found: String
        switch byte {
        case UInt8(ascii: "{"): found = "an object"
        case UInt8(ascii: "["): found = "an array"
        case UInt8(ascii: "\""): found = "a string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): found = "a number"
        case UInt8(ascii: "t") where startsWith("true"): found = "true"
        case UInt8(ascii: "f") where startsWith("false"): found = "false"
        case UInt8(ascii: "n") where startsWith("null"): found = "null"
        default: return error(.invalidJSON("found \(Self.describe(byte)) where \(expected) was expected"))
        }
        return error(.wrongType(expected: expected, found: found))
    }

    /// A byte as a person reads it in a message: `'x'` when printable ASCII, else its hex value.
    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    // MARK: Structure

    /// The next significant byte, not consumed; nil at the end of the input.
    mutating func peek() -> UInt8? {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return bytes[position]
            }
        }
        return nil
    }

    /// Steps over a UTF-8 byte order mark at the start of the input.
    mutating func skipByteOrderMark() {
        if position == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(Failure) {
        if let byte = peek() { throw error(.invalidJSON("\(Self.describe(byte)) after the end of the JSON value")) }
    }

    /// Consumes `null` when it comes next and says whether it did.
    mutating func consumeNull() throws(Failure) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads the members of an object, or nothing for `null`: `member` is called with each
    /// key and must consume its value. An error is located at the member it came from.
    mutating func object(_ member: (inout JSONCursor, JSONKey) throws(Failure) -> Void) throws(Failure) {
        if try consumeNull() { return }
        try open(UInt8(ascii: "{"), expected: "an object")
        var first = true
        while let key = try nextMember(&first) {
            do {
                try member(&self, key)
            } catch {
                throw error.inside(member: key.name)
            }
        }
    }

    /// Reads the elements of an array, or nothing for `null`: `element` must consume one
    /// element. An error is located at the element it came from.
    mutating func array(_ element: (inout JSONCursor) throws(Failure) -> Void) throws(Failure) {
        if try consumeNull() { return }
        try open(UInt8(ascii: "["), expected: "an array")
        var index = 0
        while try nextElement(isFirst: index == 0) {
            do {
                try element(&self)
            } catch {
                throw error.inside(element: index)
            }
            index += 1
        }
    }

    private mutating func open(_ bracket: UInt8, expected: String) throws(Failure) {
        guard peek() == bracket else { throw mismatch(expected: expected) }
        depth += 1
        if depth > depthLimit { throw error(.nestingTooDeep(limit: depthLimit)) }
        position += 1
    }

    /// The next member's key, its `:` consumed; nil once the object's `}` is consumed.
    private mutating func nextMember(_ first: inout Bool) throws(Failure) -> JSONKey? {
        guard var byte = peek() else { throw error(.invalidJSON("the input ends inside an object")) }
        if byte == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return nil
        }
        if !first {
            guard byte == UInt8(ascii: ",") else {
                throw error(.invalidJSON("expected ',' or '}' after an object member, found \(Self.describe(byte))"))
            }
            position += 1
            guard let next = peek() else { throw error(.invalidJSON("the input ends inside an object")) }
            byte = next
        }
        first = false
        guard byte == UInt8(ascii: "\"") else {
            throw error(.invalidJSON("expected a member name in quotes, found \(Self.describe(byte))"))
        }
        let text = try stringText()
        guard peek() == UInt8(ascii: ":") else { throw error(.invalidJSON("expected ':' after a member name")) }
        position += 1
        return JSONKey(text: text)
    }

    /// True when another element follows (its `,` consumed); false once `]` is consumed.
    private mutating func nextElement(isFirst: Bool) throws(Failure) -> Bool {
        guard let byte = peek() else { throw error(.invalidJSON("the input ends inside an array")) }
        if byte == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return false
        }
        if !isFirst {
            guard byte == UInt8(ascii: ",") else {
                throw error(.invalidJSON("expected ',' or ']' after an array element, found \(Self.describe(byte))"))
            }
            position += 1
            if peek() == UInt8(ascii: "]") { throw error(.invalidJSON("a ',' before ']'")) }
        }
        return true
    }

    /// Consumes a value of any kind, checking its grammar.
    mutating func skipValue() throws(Failure) {
        switch peek() {
        case UInt8(ascii: "{"):
            try object { cursor, _ throws(Failure) in try cursor.skipValue() }
        case UInt8(ascii: "["):
            try array { cursor throws(Failure) in try cursor.skipValue() }
        case UInt8(ascii: "\""):
            _ = try stringText()
        case UInt8(ascii: "-"), (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
            _ = try numberRange()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            throw mismatch(expected: "a value")
        }
    }

    // MARK: Literals and numbers

    private mutating func literal(_ text: StaticString) throws(Failure) {
        guard startsWith(text) else { throw error(.invalidJSON("expected '\(text)'")) }
        position += text.utf8CodeUnitCount
    }

    /// True when the input at the cursor starts with `text`.
    private func startsWith(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        return bytes.count - position >= count
            && UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
                .elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: count))
    }

    /// Reads `true` or `false`.
    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            throw mismatch(expected: "true or false")
        }
    }

    /// Consumes a JSON number and returns the range of its text.
    mutating func numberRange() throws(Failure) -> Range<Int> {
        _ = peek()
        let start = position
        guard let length = Self.numberLength(UnsafeRawBufferPointer(rebasing: bytes[start...])) else {
            throw error(.invalidJSON("not a valid JSON number"))
        }
        position += length
        return start..<position
    }

    /// The length of the JSON number at the start of `text`
    /// (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), nil when none starts there.
    static func numberLength(_ text: UnsafeRawBufferPointer) -> Int? {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) { index += 1 }
            return index - start
        }
        if index < text.count, text[index] == UInt8(ascii: "-") { index += 1 }
        guard index < text.count else { return nil }
        if text[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return nil
        }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < text.count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        return index
    }

    // MARK: Strings

    /// Reads a string.
    mutating func string(expected: String = "a string") throws(Failure) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw mismatch(expected: expected) }
        let text = try stringText()
        try charge(text.count)
        return text.string
    }

    /// Consumes the string at the cursor (which must be at its opening quote) and returns its
    /// content, unescaped.
    mutating func stringText() throws(Failure) -> JSONText {
        _ = peek()
        let start = position + 1
        var index = start
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index + 1
                let range = start..<index
                return escaped ? .unescaped(try unescape(range)) : .raw(UnsafeRawBufferPointer(rebasing: bytes[range]))
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 2
                continue
            }
            if byte < 0x20 {
                throw error(.invalidJSON("a control character (\(Self.describe(byte))) inside a string; it must be escaped"),
                            at: index)
            }
            index += 1
        }
        throw error(.invalidJSON("a string that is never closed"))
    }

    /// The UTF-8 of an escaped string's content. A `\u` escape of a lone surrogate becomes U+FFFD.
    private func unescape(_ range: Range<Int>) throws(Failure) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            // A backslash is always followed by a byte of the string: the scan stepped over it.
            let escape = bytes[index + 1]
            if let unescaped = JSONEscape.byte(escaped: escape) {
                output.append(unescaped)
                index += 2
                continue
            }
            guard escape == UInt8(ascii: "u") else {
                throw error(.invalidJSON("unknown escape '\\\(Character(Unicode.Scalar(escape)))'"), at: index)
            }
            guard let unit = hexQuad(at: index + 2, before: range.upperBound) else {
                throw error(.invalidJSON("'\\u' must be followed by four hex digits"), at: index)
            }
            index += 6
            var scalar = unit
            if (0xD800...0xDBFF).contains(unit), index + 6 <= range.upperBound, bytes[index] == UInt8(ascii: "\\"),
               bytes[index + 1] == UInt8(ascii: "u"), let low = hexQuad(at: index + 2, before: range.upperBound),
               (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00)
                index += 6
            }
            output.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
        }
        return output
    }

    private func hexQuad(at index: Int, before end: Int) -> UInt32? {
        guard end - index >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            guard let nibble = JSONEscape.hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }
}

/// The content of a JSON string: a view of the input when it had no escapes, else the
/// unescaped bytes.
enum JSONText {
    case raw(UnsafeRawBufferPointer)
    case unescaped([UInt8])

    var count: Int {
        switch self {
        case .raw(let bytes): return bytes.count
        case .unescaped(let bytes): return bytes.count
        }
    }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch self {
        case .raw(let bytes): return body(bytes)
        case .unescaped(let bytes): return bytes.withUnsafeBytes(body)
        }
    }

    /// The text as a Swift string, invalid UTF-8 replaced with U+FFFD.
    var string: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The text for an error message: quoted, cut after 40 characters.
    var quoted: String {
        let text = string
        return text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))…\""
    }

    func equals(_ name: StaticString) -> Bool {
        withBytes { $0.elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) }
    }
}

/// An object member's name.
struct JSONKey {
    let text: JSONText

    /// True when the name is `name` or `alternative` (the proto field name, which proto3 JSON
    /// parsers accept beside the lowerCamelCase JSON name).
    func `is`(_ name: StaticString, _ alternative: StaticString? = nil) -> Bool {
        text.equals(name) || alternative.map(text.equals) == true
    }

    var name: String { text.string }
}
