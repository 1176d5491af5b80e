/// Hand-built protobuf wire bytes: input the encoder would never produce, and the replies an
/// OTLP/HTTP receiver answers with.
public enum WireBytes {
    /// `value` as a base-128 varint.
    public static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes = [UInt8]()
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }

    /// A length-delimited field.
    public static func field(_ number: UInt64, _ content: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(content.count)) + content
    }

    /// `ExportTraceServiceResponse { partial_success (1) { rejected_spans (1), error_message (2) } }`,
    /// with fields at their default left out, as proto3 writes them.
    public static func partialSuccessResponse(rejected: UInt64, message: String) -> [UInt8] {
        var inner: [UInt8] = []
        if rejected != 0 { inner += varint(1 << 3) + varint(rejected) }
        if !message.isEmpty { inner += field(2, Array(message.utf8)) }
        return field(1, inner)
    }
}
