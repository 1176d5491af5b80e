import Sightline

/// Decodes an OTLP/JSON `ExportTraceServiceRequest` (`http/json`) into the same
/// ``DecodedTraces`` that ``OTLPProtobufDecoder`` gives for the binary encoding.
///
/// Reads the proto3 JSON mapping with OTLP's exceptions, as `OTLPJSONEncoder` and other
/// OTLP senders write it:
///
/// - trace and span ids are hex digits (either case), an empty string meaning no id; a string
///   that is not an id leaves the invalid id and says why in ``DecodedSpan/malformedIdentifier``
///   (of the span, for a link's id too);
/// - 64-bit integers (`intValue`, timestamps) are decimal strings or JSON numbers, and so
///   are the 32-bit counts and flags;
/// - enums (`kind`, `code`) are integers; their names (`SPAN_KIND_SERVER`) are accepted too;
/// - field names are lowerCamelCase; the proto's own snake_case names are accepted too;
/// - `doubleValue` is a number or `"NaN"`, `"Infinity"`, `"-Infinity"`; `bytesValue` is base64;
/// - unknown fields are skipped, `null` reads as the field's default, and an empty
///   `AnyValue` (no kind set) reads as an empty string, as in the binary decoder.
///
/// Made for untrusted input: anything else throws an ``OTLPJSONDecodingError`` that names the
/// problem, the field path and the byte offset; nothing crashes. Three limits bound the work
/// one request can cause: its size in bytes, how deeply its objects and arrays nest (checked
/// before each one is entered, so the recursion stays shallow), and an estimate of the memory
/// the decoded values take (`{}` is two bytes of JSON but a whole span in memory).
///
/// A decoder holds no state between calls: one value can be used from many tasks at once.
public struct OTLPJSONDecoder: Sendable {
    /// The longest input accepted, in bytes.
    public var maximumInputSize: Int
    /// The deepest nesting of JSON objects and arrays accepted; the request object is level 1.
    public var maximumNestingDepth: Int
    /// The most memory the decoded values may take, estimated from their sizes, in bytes.
    public var memoryLimit: Int

    /// - Parameters:
    ///   - maximumInputSize: 64 MiB by default.
    ///   - maximumNestingDepth: 200 by default: an attribute value of about 60 nested arrays.
    ///   - memoryLimit: 256 MiB by default.
    public init(maximumInputSize: Int = 64 << 20, maximumNestingDepth: Int = 200, memoryLimit: Int = 256 << 20) {
        self.maximumInputSize = maximumInputSize
        self.maximumNestingDepth = maximumNestingDepth
        self.memoryLimit = memoryLimit
    }

    /// Decodes `bytes`, UTF-8 JSON text.
    ///
    /// ```swift
    /// let traces = try decoder.decode(body)
    /// for span in traces.spans { print(span.name, span.traceId) }
    /// ```
    ///
    /// - Parameter bytes: an `ExportTraceServiceRequest` in OTLP/JSON, UTF-8.
    /// - Returns: the request, field for field.
    /// - Throws: ``OTLPJSONDecodingError`` naming what is wrong, where in the request and at
    ///   which byte: the input is too large, not JSON, nested too deeply, over ``memoryLimit``,
    ///   or holds a value its field cannot take.
    public func decode(_ bytes: [UInt8]) throws(OTLPJSONDecodingError) -> DecodedTraces {
        // Typed throws do not pass through withUnsafeBytes; carry the outcome out instead.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(OTLPJSONDecodingError) in try decode(buffer) }
        }
        return try result.get()
    }

    /// Decodes `bytes`, which need to stay valid only for the duration of the call.
    ///
    /// - Parameter bytes: an `ExportTraceServiceRequest` in OTLP/JSON, UTF-8, for instance a view of a request body's buffer.
    /// - Returns: the request, field for field.
    /// - Throws: ``OTLPJSONDecodingError`` naming what is wrong, where in the request and at
    ///   which byte: the input is too large, not JSON, nested too deeply, over ``memoryLimit``,
    ///   or holds a value its field cannot take.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(OTLPJSONDecodingError) -> DecodedTraces {
        guard bytes.count <= maximumInputSize else {
            throw OTLPJSONDecodingError(reason: .tooLarge(byteCount: bytes.count, limit: maximumInputSize), offset: 0)
        }
        var cursor = JSONCursor(bytes, depthLimit: maximumNestingDepth, memoryLimit: memoryLimit)
        cursor.skipByteOrderMark()
        guard cursor.peek() == UInt8(ascii: "{") else {
            throw cursor.mismatch(expected: "an ExportTraceServiceRequest object")
        }
        var resourceSpans: [DecodedResourceSpans] = []
        try cursor.object { cursor, key throws(OTLPJSONDecodingError) in
            if key.is("resourceSpans", "resource_spans") {
                resourceSpans = try Self.list(&cursor, Self.resourceSpans)
            } else {
                try cursor.skipValue()
            }
        }
        try cursor.expectEnd()
        return DecodedTraces(resourceSpans: resourceSpans)
    }

    private typealias Failure = OTLPJSONDecodingError

    /// The elements of a repeated field, each charged its size in memory.
    private static func list<Element>(_ cursor: inout JSONCursor,
                                      _ element: (inout JSONCursor) throws(Failure) -> Element) throws(Failure) -> [Element] {
        var elements: [Element] = []
        try cursor.array { cursor throws(Failure) in
            try cursor.charge(MemoryLayout<Element>.stride)
            elements.append(try element(&cursor))
        }
        return elements
    }

    private static func resourceSpans(_ cursor: inout JSONCursor) throws(Failure) -> DecodedResourceSpans {
        var resourceSpans = DecodedResourceSpans(resource: Resource(attributes: []), scopeSpans: [])
        try cursor.object { cursor, key throws(Failure) in
            if key.is("resource") {
                try cursor.object { cursor, key throws(Failure) in
                    if key.is("attributes") {
                        resourceSpans.resource.attributes = try list(&cursor, keyValue)
                    } else if key.is("droppedAttributesCount", "dropped_attributes_count") {
                        resourceSpans.resourceDroppedAttributesCount = try count(&cursor)
                    } else {
                        try cursor.skipValue()
                    }
                }
            } else if key.is("scopeSpans", "scope_spans") {
                resourceSpans.scopeSpans = try list(&cursor, scopeSpans)
            } else if key.is("schemaUrl", "schema_url") {
                resourceSpans.schemaURL = try nullableString(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return resourceSpans
    }

    private static func scopeSpans(_ cursor: inout JSONCursor) throws(Failure) -> DecodedScopeSpans {
        var scopeSpans = DecodedScopeSpans(scope: InstrumentationScope(name: ""), spans: [])
        try cursor.object { cursor, key throws(Failure) in
            if key.is("scope") {
                try cursor.object { cursor, key throws(Failure) in
                    if key.is("name") {
                        scopeSpans.scope.name = try nullableString(&cursor)
                    } else if key.is("version") {
                        let version = try nullableString(&cursor)
                        scopeSpans.scope.version = version.isEmpty ? nil : version
                    } else if key.is("attributes") {
                        scopeSpans.scopeAttributes = try list(&cursor, keyValue)
                    } else if key.is("droppedAttributesCount", "dropped_attributes_count") {
                        scopeSpans.scopeDroppedAttributesCount = try count(&cursor)
                    } else {
                        try cursor.skipValue()
                    }
                }
            } else if key.is("spans") {
                scopeSpans.spans = try list(&cursor, span)
            } else if key.is("schemaUrl", "schema_url") {
                scopeSpans.schemaURL = try nullableString(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return scopeSpans
    }

    private static func span(_ cursor: inout JSONCursor) throws(Failure) -> DecodedSpan {
        let zero = Timestamp(nanosecondsSinceEpoch: 0)
        var span = DecodedSpan(traceId: .invalid, spanId: .invalid, name: "", startTime: zero, endTime: zero)
        try cursor.object { cursor, key throws(Failure) in
            if key.is("traceId", "trace_id") {
                span.traceId = try cursor.consumeNull() ? .invalid : try cursor.traceID(malformed: &span.malformedIdentifier) ?? .invalid
            } else if key.is("spanId", "span_id") {
                span.spanId = try cursor.consumeNull() ? .invalid : try cursor.spanID(malformed: &span.malformedIdentifier) ?? .invalid
            } else if key.is("parentSpanId", "parent_span_id") {
                span.parentSpanId = try cursor.consumeNull() ? nil : try cursor.spanID(malformed: &span.malformedIdentifier)
            } else if key.is("traceState", "trace_state") {
                span.traceState = try nullableString(&cursor)
            } else if key.is("flags") {
                span.flags = try nullableInteger(&cursor, UInt32.self, "an unsigned 32-bit integer") ?? 0
            } else if key.is("name") {
                span.name = try nullableString(&cursor)
            } else if key.is("kind") {
                let kind = try cursor.consumeNull() ? 0 : try cursor.enumeration(spanKindNames, "a span kind")
                span.kind = SpanKind(rawValue: Int(kind))
            } else if key.is("startTimeUnixNano", "start_time_unix_nano") {
                span.startTime = try timestamp(&cursor)
            } else if key.is("endTimeUnixNano", "end_time_unix_nano") {
                span.endTime = try timestamp(&cursor)
            } else if key.is("attributes") {
                span.attributes = try list(&cursor, keyValue)
            } else if key.is("droppedAttributesCount", "dropped_attributes_count") {
                span.droppedAttributesCount = try count(&cursor)
            } else if key.is("events") {
                span.events = try list(&cursor, event)
            } else if key.is("droppedEventsCount", "dropped_events_count") {
                span.droppedEventsCount = try count(&cursor)
            } else if key.is("links") {
                span.links = try list(&cursor) { cursor throws(Failure) in try link(&cursor, malformed: &span.malformedIdentifier) }
            } else if key.is("droppedLinksCount", "dropped_links_count") {
                span.droppedLinksCount = try count(&cursor)
            } else if key.is("status") {
                span.status = try status(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return span
    }

    private static let spanKindNames: [StaticString] = [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER",
        "SPAN_KIND_CONSUMER",
    ]

    private static let statusCodeNames: [StaticString] = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"]

    /// The status; as in the binary decoder, a message with a code other than error is not
    /// kept and an unknown code reads as unset.
    private static func status(_ cursor: inout JSONCursor) throws(Failure) -> SpanStatus {
        var code: Int32 = 0
        var message = ""
        try cursor.object { cursor, key throws(Failure) in
            if key.is("code") {
                code = try cursor.consumeNull() ? 0 : try cursor.enumeration(statusCodeNames, "a status code")
            } else if key.is("message") {
                message = try nullableString(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        switch code {
        case 1: return .ok
        case 2: return .error(description: message)
        default: return .unset
        }
    }

    private static func event(_ cursor: inout JSONCursor) throws(Failure) -> SpanEvent {
        var event = SpanEvent(name: "", timestamp: Timestamp(nanosecondsSinceEpoch: 0))
        try cursor.object { cursor, key throws(Failure) in
            if key.is("timeUnixNano", "time_unix_nano") {
                event.timestamp = try timestamp(&cursor)
            } else if key.is("name") {
                event.name = try nullableString(&cursor)
            } else if key.is("attributes") {
                event.attributes = try list(&cursor, keyValue)
            } else if key.is("droppedAttributesCount", "dropped_attributes_count") {
                event.droppedAttributesCount = try count(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return event
    }

    /// A link; a malformed id of it is described in `malformed`, its span's.
    private static func link(_ cursor: inout JSONCursor, malformed: inout String?) throws(Failure) -> DecodedLink {
        var link = DecodedLink(traceId: .invalid, spanId: .invalid)
        try cursor.object { cursor, key throws(Failure) in
            if key.is("traceId", "trace_id") {
                link.traceId = try cursor.consumeNull() ? .invalid : try cursor.traceID(malformed: &malformed) ?? .invalid
            } else if key.is("spanId", "span_id") {
                link.spanId = try cursor.consumeNull() ? .invalid : try cursor.spanID(malformed: &malformed) ?? .invalid
            } else if key.is("traceState", "trace_state") {
                link.traceState = try nullableString(&cursor)
            } else if key.is("flags") {
                link.flags = try nullableInteger(&cursor, UInt32.self, "an unsigned 32-bit integer") ?? 0
            } else if key.is("attributes") {
                link.attributes = try list(&cursor, keyValue)
            } else if key.is("droppedAttributesCount", "dropped_attributes_count") {
                link.droppedAttributesCount = try count(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return link
    }

    // MARK: Attributes

    private static func keyValue(_ cursor: inout JSONCursor) throws(Failure) -> Attribute {
        var attribute = Attribute("", .string(""))
        try cursor.object { cursor, key throws(Failure) in
            if key.is("key") {
                attribute.key = try nullableString(&cursor)
            } else if key.is("value") {
                attribute.value = try value(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        return attribute
    }

    /// An `AnyValue`: at most one kind may be set; none (or `null`) reads as an empty string.
    private static func value(_ cursor: inout JSONCursor) throws(Failure) -> AttributeValue {
        var value: AttributeValue?
        try cursor.object { cursor, key throws(Failure) in
            guard !(try cursor.consumeNull()) else { return }
            let kind: AttributeValue
            if key.is("stringValue", "string_value") {
                kind = .string(try cursor.string())
            } else if key.is("boolValue", "bool_value") {
                kind = .bool(try cursor.bool())
            } else if key.is("intValue", "int_value") {
                kind = .int(try cursor.integer(Int64.self, "a 64-bit integer"))
            } else if key.is("doubleValue", "double_value") {
                kind = .double(try cursor.double())
            } else if key.is("bytesValue", "bytes_value") {
                kind = .bytes(try cursor.base64())
            } else if key.is("arrayValue", "array_value") {
                var elements: [AttributeValue] = []
                try cursor.object { cursor, key throws(Failure) in
                    if key.is("values") { elements = try list(&cursor, Self.value) } else { try cursor.skipValue() }
                }
                kind = .array(elements)
            } else if key.is("kvlistValue", "kvlist_value") {
                var pairs: [Attribute] = []
                try cursor.object { cursor, key throws(Failure) in
                    if key.is("values") { pairs = try list(&cursor, keyValue) } else { try cursor.skipValue() }
                }
                kind = .keyValueList(pairs)
            } else {
                try cursor.skipValue()
                return
            }
            guard value == nil else {
                throw cursor.error(.invalidValue("a value with more than one kind set (\(key.name) and another)"))
            }
            value = kind
        }
        return value ?? .string("")
    }

    // MARK: Scalars

    private static func nullableString(_ cursor: inout JSONCursor) throws(Failure) -> String {
        try cursor.consumeNull() ? "" : try cursor.string()
    }

    private static func nullableInteger<T: FixedWidthInteger>(_ cursor: inout JSONCursor, _ type: T.Type,
                                                              _ description: String) throws(Failure) -> T? {
        try cursor.consumeNull() ? nil : try cursor.integer(type, description)
    }

    /// A `uint32` count of dropped items.
    private static func count(_ cursor: inout JSONCursor) throws(Failure) -> Int {
        Int(try nullableInteger(&cursor, UInt32.self, "an unsigned 32-bit integer") ?? 0)
    }

    /// A `fixed64` of nanoseconds since the Unix epoch.
    private static func timestamp(_ cursor: inout JSONCursor) throws(Failure) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: try nullableInteger(&cursor, UInt64.self, "an unsigned 64-bit integer") ?? 0)
    }
}
