import Sightline

/// The scalar forms of the proto3 JSON mapping with OTLP's exceptions: integers as numbers or
/// decimal strings, doubles as numbers or `"NaN"`/`"Infinity"`/`"-Infinity"`, ids as hex,
/// bytes as base64, enums as integers or their names.
extension JSONCursor {
    /// An integer of type `T`, written as a JSON number or as a string holding one (the form
    /// proto3 JSON gives 64-bit integers). A fraction or exponent is accepted when the value is
    /// a whole number; anything out of `T`'s range throws.
    mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ description: String) throws(Failure) -> T {
        let start = position
        let text: JSONText
        switch peek() {
        case UInt8(ascii: "\""):
            text = try stringText()
        case UInt8(ascii: "-"), (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
            text = .raw(UnsafeRawBufferPointer(rebasing: bytes[try numberRange()]))
        default:
            throw mismatch(expected: description)
        }
        guard let parsed = text.withBytes(Self.integerText), let value: T = Self.value(parsed) else {
            throw error(.invalidValue("\(text.quoted) is not \(description)"), at: start)
        }
        return value
    }

    /// An integer's text, read: a whole number's sign and magnitude, or the value of a number
    /// with a fraction or exponent.
    private enum IntegerText {
        case whole(negative: Bool, magnitude: UInt64)
        case real(Double)
    }

    private static func integerText(_ text: UnsafeRawBufferPointer) -> IntegerText? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < text.count else { return nil }
        var magnitude: UInt64 = 0
        while index < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times10.addingReportingOverflow(UInt64(text[index] - UInt8(ascii: "0")))
            if overflow || carry { return nil }
            magnitude = sum
            index += 1
        }
        if index == text.count { return .whole(negative: negative, magnitude: magnitude) }
        guard numberLength(text) == text.count, let double = Double(String(decoding: text, as: UTF8.self)) else { return nil }
        return .real(double)
    }

    /// The value as a `T`, nil when out of range or, for a fraction or exponent, not whole.
    private static func value<T: FixedWidthInteger>(_ text: IntegerText) -> T? {
        switch text {
        case .whole(false, let magnitude):
            return T(exactly: magnitude)
        case .whole(true, let magnitude):
            if magnitude == 0 { return 0 }
            let limit = UInt64(Int64.max) + 1
            guard T.isSigned, magnitude <= limit else { return nil }
            return T(exactly: magnitude == limit ? Int64.min : -Int64(magnitude))
        case .real(let double):
            return double.rounded() == double ? T(exactly: double) : nil
        }
    }

    /// A double: a JSON number, or a string holding one or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    mutating func double() throws(Failure) -> Double {
        let start = position
        switch peek() {
        case UInt8(ascii: "\""):
            let text = try stringText()
            if text.equals("NaN") { return .nan }
            if text.equals("Infinity") { return .infinity }
            if text.equals("-Infinity") { return -.infinity }
            let value: Double? = text.withBytes { bytes in
                Self.numberLength(bytes) == bytes.count ? Double(String(decoding: bytes, as: UTF8.self)) : nil
            }
            guard let value else { throw error(.invalidValue("\(text.quoted) is not a number"), at: start) }
            return value
        case UInt8(ascii: "-"), (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
            let range = try numberRange()
            // Every text that passed the JSON number grammar is a valid Swift double literal.
            return Double(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)) ?? .nan
        default:
            throw mismatch(expected: "a number")
        }
    }

    /// A trace id: 32 hex digits, either case; nil for an empty string (no id) and for a string
    /// that is no trace id, which `malformed` then describes. Only a value that is not a string
    /// throws: one span's bad id is that span's problem, not the request's.
    mutating func traceID(malformed: inout String?) throws(Failure) -> TraceID? {
        let text = try stringText(expected: "a trace id (32 hex digits)")
        if text.count == 0 { return nil }
        let words: (UInt64, UInt64)? = text.withBytes { bytes in
            guard bytes.count == 32, let high = Self.hex(bytes, 0..<16), let low = Self.hex(bytes, 16..<32) else { return nil }
            return (high, low)
        }
        guard let words else {
            malformed = "\(text.quoted) is not a trace id: 32 hex digits expected"
            return nil
        }
        return TraceID(high: words.0, low: words.1)
    }

    /// A span id: 16 hex digits, either case; nil for an empty string (no id) and for a string
    /// that is no span id, which `malformed` then describes.
    mutating func spanID(malformed: inout String?) throws(Failure) -> SpanID? {
        let text = try stringText(expected: "a span id (16 hex digits)")
        if text.count == 0 { return nil }
        let value: UInt64? = text.withBytes { bytes in bytes.count == 16 ? Self.hex(bytes, 0..<16) : nil }
        guard let value else {
            malformed = "\(text.quoted) is not a span id: 16 hex digits expected"
            return nil
        }
        return SpanID(value)
    }

    private mutating func stringText(expected: String) throws(Failure) -> JSONText {
        guard peek() == UInt8(ascii: "\"") else { throw mismatch(expected: expected) }
        return try stringText()
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> UInt64? {
        var value: UInt64 = 0
        for index in range {
            guard let nibble = JSONEscape.hexValue(bytes[index]) else { return nil }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// Bytes written as base64, standard or URL-safe alphabet, padded or not.
    mutating func base64() throws(Failure) -> [UInt8] {
        let start = position
        let text = try stringText(expected: "base64 text")
        let decoded: [UInt8]? = text.withBytes(Self.base64)
        guard let decoded else { throw error(.invalidValue("\(text.quoted) is not base64"), at: start) }
        try charge(decoded.count)
        return decoded
    }

    private static func base64(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var length = text.count
        while length > 0, text[length - 1] == UInt8(ascii: "=") { length -= 1 }
        guard text.count - length <= 2, length % 4 != 1, text.count % 4 == 0 || length == text.count else { return nil }
        var output = [UInt8]()
        output.reserveCapacity(length * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<length {
            let byte = text[index]
            let sextet: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextet = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextet = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextet = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): sextet = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): sextet = 63
            default: return nil
            }
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return output
    }

    /// An enum: its number, or its name as listed in `names` (index = number).
    mutating func enumeration(_ names: [StaticString], _ description: String) throws(Failure) -> Int32 {
        guard peek() == UInt8(ascii: "\"") else { return try integer(Int32.self, description) }
        let start = position
        let text = try stringText()
        if let index = names.firstIndex(where: text.equals) { return Int32(index) }
        // A number in a string is how proto3 JSON writes integers; take it here too.
        if let parsed = text.withBytes(Self.integerText), let number: Int32 = Self.value(parsed) { return number }
        throw error(.invalidValue("\(text.quoted) is not \(description)"), at: start)
    }
}
