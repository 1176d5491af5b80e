/// Measures how deeply the messages of an encoded request nest, before protobuf-c sees it.
///
/// protobuf-c decodes nested messages recursively and has no depth limit of its own: a
/// request of a few megabytes can nest attribute values (arrays and key-value lists inside
/// each other) deep enough to overflow the stack. This walk follows the OTLP trace schema,
/// entering only the fields that hold messages, and throws once the nesting passes the
/// limit. It also rejects input whose framing is broken (a length past the end, a truncated
/// varint, a wire type protobuf-c does not accept), which protobuf-c would reject too.
enum NestingCheck {
    /// The messages of the trace schema that contain other messages.
    private enum Message {
        case request, resourceSpans, resource, scopeSpans, scope, span, event, link, keyValue, anyValue, arrayValue,
             keyValueList, leaf

        /// The message held by length-delimited field `number`, nil for a scalar or unknown field.
        func child(_ number: UInt64) -> Message? {
            switch (self, number) {
            case (.request, 1): return .resourceSpans
            case (.resourceSpans, 1): return .resource
            case (.resourceSpans, 2): return .scopeSpans
            case (.resource, 1), (.scope, 3), (.span, 9), (.event, 3), (.link, 4), (.keyValueList, 1): return .keyValue
            case (.scopeSpans, 1): return .scope
            case (.scopeSpans, 2): return .span
            case (.span, 11): return .event
            case (.span, 13): return .link
            case (.span, 15): return .leaf  // Status
            case (.keyValue, 2), (.arrayValue, 1): return .anyValue
            case (.anyValue, 5): return .arrayValue
            case (.anyValue, 6): return .keyValueList
            default: return nil
            }
        }
    }

    /// Throws ``OTLPDecodingError/nestingTooDeep(limit:)`` when messages nest deeper than
    /// `limit` (the request itself is level 1), ``OTLPDecodingError/malformed`` for broken framing.
    static func check(_ bytes: UnsafeRawBufferPointer, limit: Int) throws(OTLPDecodingError) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        try walk(start, start + bytes.count, .request, depth: 1, limit: limit)
    }

    private static func walk(_ start: UnsafeRawPointer, _ end: UnsafeRawPointer, _ message: Message, depth: Int,
                             limit: Int) throws(OTLPDecodingError) {
        if depth > limit { throw .nestingTooDeep(limit: limit) }
        var cursor = start
        while cursor < end {
            let tag = try varint(&cursor, end)
            let number = tag >> 3
            guard number != 0 else { throw .malformed }
            switch tag & 7 {
            case 0:
                _ = try varint(&cursor, end)
            case 1:
                guard end - cursor >= 8 else { throw .malformed }
                cursor += 8
            case 5:
                guard end - cursor >= 4 else { throw .malformed }
                cursor += 4
            case 2:
                let length = try varint(&cursor, end)
                guard length <= UInt64(end - cursor) else { throw .malformed }
                let fieldEnd = cursor + Int(length)
                if let child = message.child(number) {
                    try walk(cursor, fieldEnd, child, depth: depth + 1, limit: limit)
                }
                cursor = fieldEnd
            default:
                throw .malformed
            }
        }
    }

    private static func varint(_ cursor: inout UnsafeRawPointer, _ end: UnsafeRawPointer) throws(OTLPDecodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < end {
            let byte = cursor.load(as: UInt8.self)
            cursor += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
            if shift >= 70 { break }
        }
        throw .malformed
    }
}
