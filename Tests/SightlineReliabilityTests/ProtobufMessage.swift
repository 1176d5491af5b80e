/// A protobuf message written field by field, for requests the SDK's encoder never writes
/// (malformed ids). Fields holding their default value are left out, as proto3 does.
struct ProtobufMessage {
    private(set) var bytes: [UInt8] = []

    func varint(_ field: UInt64, _ value: UInt64) -> ProtobufMessage {
        guard value != 0 else { return self }
        var copy = self
        copy.append(varint: field << 3)
        copy.append(varint: value)
        return copy
    }

    func string(_ field: UInt64, _ value: String) -> ProtobufMessage {
        message(field, Array(value.utf8))
    }

    /// A length-delimited field: a string or a nested message's bytes.
    func message(_ field: UInt64, _ content: [UInt8]) -> ProtobufMessage {
        guard !content.isEmpty else { return self }
        var copy = self
        copy.append(varint: field << 3 | 2)
        copy.append(varint: UInt64(content.count))
        copy.bytes += content
        return copy
    }

    private mutating func append(varint value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
