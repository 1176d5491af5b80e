/// The top-level fields of one protobuf message, read without a schema: enough for the two
/// small messages the exporter reads back (`ExportTraceServiceResponse` and `google.rpc.Status`).
/// Bounds-checked throughout; broken framing makes ``parse(_:)`` return nil.
struct ProtobufFields {
    enum Value: Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(ArraySlice<UInt8>)
        case fixed32(UInt32)
    }

    private(set) var fields: [(number: UInt64, value: Value)] = []

    /// The fields of `bytes`, in order, or nil when the bytes are not a protobuf message.
    static func parse(_ bytes: ArraySlice<UInt8>) -> ProtobufFields? {
        var result = ProtobufFields()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let tag = varint(bytes, &index), tag >> 3 != 0 else { return nil }
            switch tag & 7 {
            case 0:
                guard let value = varint(bytes, &index) else { return nil }
                result.fields.append((tag >> 3, .varint(value)))
            case 1:
                guard bytes.endIndex - index >= 8 else { return nil }
                let value = bytes[index..<index + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                index += 8
                result.fields.append((tag >> 3, .fixed64(value)))
            case 2:
                guard let length = varint(bytes, &index), length <= UInt64(bytes.endIndex - index) else { return nil }
                let end = index + Int(length)
                result.fields.append((tag >> 3, .lengthDelimited(bytes[index..<end])))
                index = end
            case 5:
                guard bytes.endIndex - index >= 4 else { return nil }
                let value = bytes[index..<index + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                index += 4
                result.fields.append((tag >> 3, .fixed32(value)))
            default:
                return nil
            }
        }
        return result
    }

    /// The last varint of field `number` (proto3 keeps the last value of a repeated scalar).
    func varint(_ number: UInt64) -> UInt64? {
        for field in fields.reversed() where field.number == number {
            if case .varint(let value) = field.value { return value }
        }
        return nil
    }

    /// The last length-delimited value of field `number`.
    func bytes(_ number: UInt64) -> ArraySlice<UInt8>? {
        for field in fields.reversed() where field.number == number {
            if case .lengthDelimited(let value) = field.value { return value }
        }
        return nil
    }

    /// The last length-delimited value of field `number`, as text (invalid UTF-8 repaired).
    func string(_ number: UInt64) -> String? {
        bytes(number).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func varint(_ bytes: ArraySlice<UInt8>, _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.endIndex, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
