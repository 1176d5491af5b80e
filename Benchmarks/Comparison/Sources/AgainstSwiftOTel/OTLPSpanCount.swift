/// Counts the spans in a binary OTLP `ExportTraceServiceRequest` without decoding them:
/// `resource_spans` (field 1) → `scope_spans` (field 2) → `spans` (field 2). The same walker
/// counts what both SDKs send, so neither SDK's own decoder judges the other.
enum OTLPSpanCount {
    /// nil when the bytes are not a well-formed protobuf message of that shape.
    static func spans(in bytes: UnsafeRawBufferPointer) -> Int? {
        var total = 0
        let complete = forEachField(bytes) { field, resourceSpans in
            guard field == 1, let resourceSpans else { return true }
            return forEachField(resourceSpans) { field, scopeSpans in
                guard field == 2, let scopeSpans else { return true }
                return forEachField(scopeSpans) { field, span in
                    if field == 2, span != nil { total += 1 }
                    return true
                }
            }
        }
        return complete ? total : nil
    }

    /// Calls `body` with each field number and, for length-delimited fields, its bytes.
    /// Returns false on malformed input or when `body` returns false.
    private static func forEachField(_ bytes: UnsafeRawBufferPointer,
                                     _ body: (UInt64, UnsafeRawBufferPointer?) -> Bool) -> Bool {
        var offset = 0
        while offset < bytes.count {
            guard let key = varint(bytes, &offset) else { return false }
            switch key & 7 {
            case 0:
                guard varint(bytes, &offset) != nil, body(key >> 3, nil) else { return false }
            case 1, 5:
                let width = key & 7 == 1 ? 8 : 4
                guard bytes.count - offset >= width else { return false }
                offset += width
                guard body(key >> 3, nil) else { return false }
            case 2:
                guard let length = varint(bytes, &offset), length <= UInt64(bytes.count - offset) else { return false }
                let field = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
                offset += Int(length)
                guard body(key >> 3, field) else { return false }
            default:
                return false
            }
        }
        return true
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
