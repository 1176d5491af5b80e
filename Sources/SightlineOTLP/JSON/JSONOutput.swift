import Sightline

/// A UTF-8 JSON text being written: structural characters, escaped strings and the number
/// forms the OTLP/JSON mapping needs.
struct JSONOutput {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Text written as is: punctuation and field names that need no escaping.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `"name":`
    mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`
    /// (NUL included); everything else, emoji too, as UTF-8.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    raw("u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A bare decimal number.
    mutating func number(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A decimal number in quotes, the JSON form of 64-bit integers.
    mutating func quotedNumber(_ value: some BinaryInteger) {
        bytes.append(UInt8(ascii: "\""))
        number(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A double as the shortest decimal that reads back the same; the non-finite values as
    /// the strings `"NaN"`, `"Infinity"` and `"-Infinity"` (proto3 JSON).
    mutating func number(_ value: Double) {
        if value.isNaN {
            raw("\"NaN\"")
        } else if value.isInfinite {
            raw(value < 0 ? "\"-Infinity\"" : "\"Infinity\"")
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// The id as 32 lowercase hex digits in quotes (OTLP/JSON, unlike proto3's base64).
    mutating func id(_ id: TraceID) {
        bytes.append(UInt8(ascii: "\""))
        hexDigits(of: id.high)
        hexDigits(of: id.low)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The id as 16 lowercase hex digits in quotes.
    mutating func id(_ id: SpanID) {
        bytes.append(UInt8(ascii: "\""))
        hexDigits(of: id.value)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func hexDigits(of value: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
        }
    }

    /// Bytes as standard base64 with padding, in quotes (proto3 JSON `bytes`).
    mutating func base64(_ data: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index + 3 <= data.count {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            for shift in [18, 12, 6, 0] { bytes.append(Self.base64Digits[Int((chunk >> UInt32(shift)) & 0x3F)]) }
            index += 3
        }
        let remaining = data.count - index
        if remaining > 0 {
            let chunk = UInt32(data[index]) << 16 | (remaining == 2 ? UInt32(data[index + 1]) << 8 : 0)
            bytes.append(Self.base64Digits[Int(chunk >> 18 & 0x3F)])
            bytes.append(Self.base64Digits[Int(chunk >> 12 & 0x3F)])
            bytes.append(remaining == 2 ? Self.base64Digits[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "="))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let base64Digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}
