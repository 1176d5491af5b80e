import Sightline

/// The forms the OTLP/JSON mapping adds to plain JSON, on the package's one JSON writer.
extension JSONWriter {
    /// `"name":`
    mutating func key(_ name: StaticString) {
        raw("\"")
        raw(name)
        raw("\":")
    }

    /// A decimal number in quotes, the JSON form of 64-bit integers.
    mutating func quotedNumber(_ value: some BinaryInteger) {
        raw("\"")
        number(value)
        raw("\"")
    }

    /// A double as the shortest decimal that reads back the same; the non-finite values as
    /// the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (proto3 JSON).
    mutating func proto3Number(_ value: Double) {
        if value.isNaN {
            raw("\"NaN\"")
        } else if value.isInfinite {
            raw(value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        } else {
            number(value)
        }
    }

    /// The id as 32 lowercase hex digits in quotes (OTLP/JSON, unlike proto3's base64).
    mutating func id(_ id: TraceID) {
        raw("\"")
        hexDigits(of: id.high)
        hexDigits(of: id.low)
        raw("\"")
    }

    /// The id as 16 lowercase hex digits in quotes.
    mutating func id(_ id: SpanID) {
        raw("\"")
        hexDigits(of: id.value)
        raw("\"")
    }

    /// Bytes as standard base64 with padding, in quotes (proto3 JSON `bytes`).
    mutating func base64(_ data: [UInt8]) {
        var digits: [UInt8] = []
        digits.reserveCapacity((data.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= data.count {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            for shift in [18, 12, 6, 0] { digits.append(Self.base64Digits[Int((chunk >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        let remaining = data.count - index
        if remaining > 0 {
            let chunk = UInt32(data[index]) << 16 | (remaining == 2 ? UInt32(data[index + 1]) << 8 : 0)
            digits.append(Self.base64Digits[Int(chunk >> 18 & 0x3F)])
            digits.append(Self.base64Digits[Int(chunk >> 12 & 0x3F)])
            digits.append(remaining == 2 ? Self.base64Digits[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "="))
            digits.append(UInt8(ascii: "="))
        }
        // Base64 digits need no escaping: written as a string, they are copied whole.
        string(String(decoding: digits, as: UTF8.self))
    }

    private static let base64Digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}
