import Foundation
import Sightline

/// A compact binary form of the lists and maps stored with each span (attributes, events,
/// labels, metadata), written as a BLOB.
///
/// JSON text cost the ingest path a scan of every byte for escapes and a string per number;
/// this form copies strings whole and writes numbers as 8 bytes. Reading it back needs no
/// parser either. A TEXT value in the same columns is the JSON text older stores wrote, and
/// still reads (see ``SpanRecord``).
///
/// Layout: one tag byte per value, then
/// - null, false, true: nothing;
/// - int, double: 8 bytes, little-endian (a double's bit pattern); NaN and infinities are
///   written as null, as in JSON;
/// - string: a varint byte count, then the UTF-8 bytes;
/// - array: a varint element count, then the elements;
/// - object: a varint member count, then each key (varint count + UTF-8) and value.
/// A column holds one value, except `labels` (strings) and `events` (see ``writeEvents``).
package enum CompactValue {
    static let null: UInt8 = 0, falseTag: UInt8 = 1, trueTag: UInt8 = 2, int: UInt8 = 3, double: UInt8 = 4
    static let string: UInt8 = 5, array: UInt8 = 6, object: UInt8 = 7

    // MARK: Writing

    package static func write(_ object: [String: JSONValue], into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        writeObject(object, into: &buffer)
    }

    package static func write(_ value: JSONValue, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        writeValue(value, into: &buffer)
    }

    /// Labels: an array of strings.
    static func write(_ strings: [String], into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(array)
        writeVarint(UInt64(strings.count), into: &buffer)
        for text in strings {
            buffer.append(string)
            writeText(text, into: &buffer)
        }
    }

    /// Events: an array of arrays [name, time, attributes].
    package static func write(_ events: [CollectedEvent], into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(array)
        writeVarint(UInt64(events.count), into: &buffer)
        for event in events {
            buffer.append(array)
            writeVarint(3, into: &buffer)
            buffer.append(string)
            writeText(event.name, into: &buffer)
            buffer.append(int)
            writeFixed(UInt64(bitPattern: SpanRecord.integer(event.time)), into: &buffer)
            writeObject(event.attributes, into: &buffer)
        }
    }

    private static func writeValue(_ value: JSONValue, into buffer: inout [UInt8]) {
        switch value {
        case .null: buffer.append(null)
        case .bool(let flag): buffer.append(flag ? trueTag : falseTag)
        case .int(let number):
            buffer.append(int)
            writeFixed(UInt64(bitPattern: number), into: &buffer)
        case .double(let number):
            guard number.isFinite else { buffer.append(null); return }
            buffer.append(double)
            writeFixed(number.bitPattern, into: &buffer)
        case .string(let text):
            buffer.append(string)
            writeText(text, into: &buffer)
        case .array(let elements):
            buffer.append(array)
            writeVarint(UInt64(elements.count), into: &buffer)
            for element in elements { writeValue(element, into: &buffer) }
        case .object(let members): writeObject(members, into: &buffer)
        }
    }

    private static func writeObject(_ members: [String: JSONValue], into buffer: inout [UInt8]) {
        buffer.append(object)
        writeVarint(UInt64(members.count), into: &buffer)
        for (key, member) in members {
            writeText(key, into: &buffer)
            writeValue(member, into: &buffer)
        }
    }

    private static func writeText(_ text: String, into buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count), into: &buffer)
            buffer.append(contentsOf: utf8)
        }
    }

    private static func writeVarint(_ value: UInt64, into buffer: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        buffer.append(UInt8(value))
    }

    private static func writeFixed(_ value: UInt64, into buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    // MARK: Reading

    /// Reads one value; nil when the bytes are not a whole, well-formed value.
    static func value(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0), reader.position == bytes.count else { return nil }
        return value
    }

    static func value(_ data: Data) -> JSONValue? {
        data.withUnsafeBytes { value($0) }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        mutating func byte() -> UInt8? {
            guard position < bytes.count else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func varint() -> Int? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                guard shift < 63 else { return nil }
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result <= UInt64(Int.max) ? Int(result) : nil }
                shift += 7
            }
            return nil
        }

        mutating func fixed() -> UInt64? {
            guard bytes.count - position >= 8 else { return nil }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += 8
            return value
        }

        mutating func text() -> String? {
            guard let count = varint(), count <= bytes.count - position else { return nil }
            defer { position += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + count]), as: UTF8.self)
        }

        mutating func value(depth: Int) -> JSONValue? {
            guard depth < 128, let tag = byte() else { return nil }
            switch tag {
            case CompactValue.null: return .null
            case CompactValue.falseTag: return .bool(false)
            case CompactValue.trueTag: return .bool(true)
            case CompactValue.int: return fixed().map { .int(Int64(bitPattern: $0)) }
            case CompactValue.double: return fixed().map { .double(Double(bitPattern: $0)) }
            case CompactValue.string: return text().map(JSONValue.string)
            case CompactValue.array:
                guard let count = varint(), count <= bytes.count - position else { return nil }
                var elements: [JSONValue] = []
                elements.reserveCapacity(count)
                for _ in 0..<count {
                    guard let element = value(depth: depth + 1) else { return nil }
                    elements.append(element)
                }
                return .array(elements)
            case CompactValue.object:
                guard let count = varint(), count <= bytes.count - position else { return nil }
                var members: [String: JSONValue] = Dictionary(minimumCapacity: count)
                for _ in 0..<count {
                    guard let key = text(), let member = value(depth: depth + 1) else { return nil }
                    members[key] = member
                }
                return .object(members)
            default: return nil
            }
        }
    }
}
