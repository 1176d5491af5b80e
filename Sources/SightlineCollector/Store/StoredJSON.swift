import Sightline

/// Compact JSON text, as UTF-8 bytes, for the lists and maps stored with each span.
///
/// Unlike ``JSONValue/jsonString``, object keys keep the dictionary's order (nothing compares
/// stored text), strings that need no escaping are copied whole, and the caller's buffer is
/// reused: this runs for every attribute of every span on the ingest path.
enum StoredJSON {
    static func write(_ object: [String: JSONValue], into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        writeObject(object, into: &buffer)
    }

    static func write(_ strings: [String], into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(UInt8(ascii: "["))
        for (index, string) in strings.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            writeString(string, into: &buffer)
        }
        buffer.append(UInt8(ascii: "]"))
    }

    static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        writeValue(value, into: &buffer)
    }

    /// The JSON text of `value` as a string.
    static func text(_ value: JSONValue) -> String {
        var buffer: [UInt8] = []
        writeValue(value, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func writeValue(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch value {
        case .null: buffer.append(contentsOf: "null".utf8)
        case .bool(let flag): buffer.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): buffer.append(contentsOf: String(number).utf8)
        case .double(let number):
            // The shortest text that reads back as the same double; JSON has no NaN or infinity.
            buffer.append(contentsOf: (number.isFinite ? String(number) : "null").utf8)
        case .string(let text): writeString(text, into: &buffer)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                writeValue(element, into: &buffer)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let members): writeObject(members, into: &buffer)
        }
    }

    private static func writeObject(_ members: [String: JSONValue], into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        var first = true
        for (key, member) in members {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            writeString(key, into: &buffer)
            buffer.append(UInt8(ascii: ":"))
            writeValue(member, into: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    private static func writeString(_ text: String, into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Copy runs of bytes that need no escaping whole.
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): buffer.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): buffer.append(contentsOf: "\\\\".utf8)
                case 0x0A: buffer.append(contentsOf: "\\n".utf8)
                case 0x0D: buffer.append(contentsOf: "\\r".utf8)
                case 0x09: buffer.append(contentsOf: "\\t".utf8)
                default:
                    buffer.append(contentsOf: "\\u00".utf8)
                    buffer.append(hexDigit(byte >> 4))
                    buffer.append(hexDigit(byte & 0xF))
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        buffer.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
