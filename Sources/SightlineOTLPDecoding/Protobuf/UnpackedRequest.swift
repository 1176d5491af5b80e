import CProtobufC
import COTLP
import Sightline
import SightlineOTLP

/// Turns the protobuf-c structs of a decoded request into Sightline values. Not a second
/// protobuf reader: protobuf-c's generated `unpack` reads the wire, this maps its structs.
///
/// Runs on what `unpack` produced, so every repeated field holds non-NULL entries and every
/// oneof message is present; strings arrive as `bytes` of the wire twin and are read with
/// their explicit length. Nesting was bounded by ``NestingCheck`` before `unpack`.
enum UnpackedRequest {
    static func traces(_ request: UnsafePointer<PBRequest>) -> DecodedTraces {
        var resourceSpans = [DecodedResourceSpans]()
        resourceSpans.reserveCapacity(request.pointee.n_resource_spans)
        for index in 0..<request.pointee.n_resource_spans {
            resourceSpans.append(self.resourceSpans(request.pointee.resource_spans[index]!))
        }
        return DecodedTraces(resourceSpans: resourceSpans)
    }

    private static func resourceSpans(_ pbResourceSpans: UnsafePointer<PBResourceSpans>)
        -> DecodedResourceSpans
    {
        var scopeSpans = [DecodedScopeSpans]()
        scopeSpans.reserveCapacity(pbResourceSpans.pointee.n_scope_spans)
        for index in 0..<pbResourceSpans.pointee.n_scope_spans {
            scopeSpans.append(self.scopeSpans(pbResourceSpans.pointee.scope_spans[index]!))
        }
        let pbResource = pbResourceSpans.pointee.resource
        return DecodedResourceSpans(
            resource: Resource(attributes: pbResource.map { attributes($0.pointee.n_attributes, $0.pointee.attributes) } ?? []),
            resourceDroppedAttributesCount: Int(pbResource?.pointee.dropped_attributes_count ?? 0),
            schemaURL: string(pbResourceSpans.pointee.schema_url),
            scopeSpans: scopeSpans)
    }

    private static func scopeSpans(_ pbScopeSpans: UnsafePointer<PBScopeSpans>)
        -> DecodedScopeSpans
    {
        var spans = [DecodedSpan]()
        spans.reserveCapacity(pbScopeSpans.pointee.n_spans)
        for index in 0..<pbScopeSpans.pointee.n_spans {
            spans.append(span(pbScopeSpans.pointee.spans[index]!))
        }
        let pbScope = pbScopeSpans.pointee.scope?.pointee
        let version = pbScope.map { string($0.version) } ?? ""
        return DecodedScopeSpans(
            scope: InstrumentationScope(name: pbScope.map { string($0.name) } ?? "", version: version.isEmpty ? nil : version),
            scopeAttributes: pbScope.map { attributes($0.n_attributes, $0.attributes) } ?? [],
            scopeDroppedAttributesCount: Int(pbScope?.dropped_attributes_count ?? 0),
            schemaURL: string(pbScopeSpans.pointee.schema_url),
            spans: spans)
    }

    private static func span(_ pbSpan: UnsafePointer<PBSpan>) -> DecodedSpan {
        let span = pbSpan.pointee
        var events = [SpanEvent]()
        events.reserveCapacity(span.n_events)
        for index in 0..<span.n_events {
            let event = span.events[index]!.pointee
            events.append(SpanEvent(
                name: string(event.name), timestamp: Timestamp(nanosecondsSinceEpoch: event.time_unix_nano),
                attributes: attributes(event.n_attributes, event.attributes),
                droppedAttributesCount: Int(event.dropped_attributes_count)))
        }
        var malformed: String?
        var links = [DecodedLink]()
        links.reserveCapacity(span.n_links)
        for index in 0..<span.n_links {
            let link = span.links[index]!.pointee
            links.append(DecodedLink(
                traceId: traceID(link.trace_id, field: "link trace_id", malformed: &malformed),
                spanId: spanID(link.span_id, field: "link span_id", malformed: &malformed) ?? .invalid,
                traceState: string(link.trace_state), flags: link.flags,
                attributes: attributes(link.n_attributes, link.attributes),
                droppedAttributesCount: Int(link.dropped_attributes_count)))
        }
        return DecodedSpan(
            traceId: traceID(span.trace_id, field: "trace_id", malformed: &malformed),
            spanId: spanID(span.span_id, field: "span_id", malformed: &malformed) ?? .invalid,
            parentSpanId: spanID(span.parent_span_id, field: "parent_span_id", malformed: &malformed),
            traceState: string(span.trace_state), flags: span.flags, name: string(span.name),
            kind: SpanKind(rawValue: Int(span.kind.rawValue)),
            startTime: Timestamp(nanosecondsSinceEpoch: span.start_time_unix_nano),
            endTime: Timestamp(nanosecondsSinceEpoch: span.end_time_unix_nano),
            attributes: attributes(span.n_attributes, span.attributes),
            droppedAttributesCount: Int(span.dropped_attributes_count),
            events: events, droppedEventsCount: Int(span.dropped_events_count),
            links: links, droppedLinksCount: Int(span.dropped_links_count),
            status: status(span.status), malformedIdentifier: malformed)
    }

    private static func status(_ pbStatus: UnsafeMutablePointer<PBStatus>?) -> SpanStatus {
        guard let pbStatus else { return .unset }
        switch pbStatus.pointee.code {
        case OPENTELEMETRY__PROTO__TRACE__V1__STATUS__STATUS_CODE__STATUS_CODE_OK: return .ok
        case OPENTELEMETRY__PROTO__TRACE__V1__STATUS__STATUS_CODE__STATUS_CODE_ERROR:
            return .error(description: string(pbStatus.pointee.message))
        default: return .unset
        }
    }

    // MARK: Attributes

    private static func attributes(_ count: Int, _ list: UnsafeMutablePointer<UnsafeMutablePointer<PBKeyValue>?>?)
        -> [Attribute]
    {
        guard count > 0, let list else { return [] }
        var attributes = [Attribute]()
        attributes.reserveCapacity(count)
        for index in 0..<count {
            let pair = list[index]!.pointee
            attributes.append(Attribute(string(pair.key), pair.value.map { value($0) } ?? .string("")))
        }
        return attributes
    }

    /// An OTLP value; an empty `AnyValue` (no kind set, or a kind this schema does not know)
    /// reads as an empty string.
    private static func value(_ pbValue: UnsafePointer<PBAnyValue>) -> AttributeValue {
        let value = pbValue.pointee
        switch value.value_case {
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE:
            return .string(string(value.string_value))
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BOOL_VALUE:
            return .bool(value.bool_value != 0)
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE:
            return .int(value.int_value)
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_DOUBLE_VALUE:
            return .double(value.double_value)
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BYTES_VALUE:
            return .bytes(Array(buffer(value.bytes_value)))
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_ARRAY_VALUE:
            guard let array = value.array_value?.pointee, array.n_values > 0 else { return .array([]) }
            return .array((0..<array.n_values).map { self.value(array.values[$0]!) })
        case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_KVLIST_VALUE:
            guard let list = value.kvlist_value?.pointee else { return .keyValueList([]) }
            return .keyValueList(attributes(list.n_values, list.values))
        default:
            return .string("")
        }
    }

    // MARK: Bytes

    private static func buffer(_ data: ProtobufCBinaryData) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: data.len > 0 ? data.data : nil, count: data.len)
    }

    /// The bytes as UTF-8, with invalid sequences replaced by U+FFFD.
    private static func string(_ data: ProtobufCBinaryData) -> String {
        String(decoding: buffer(data), as: UTF8.self)
    }

    /// A 16-byte trace id; the invalid id when absent or of another length, which `malformed`
    /// then describes (one span's bad id is that span's problem, not the request's).
    private static func traceID(_ data: ProtobufCBinaryData, field: String, malformed: inout String?) -> TraceID {
        if data.len == 0 { return .invalid }
        guard data.len == 16, let id = TraceID(bytes: buffer(data)) else {
            malformed = "\(field) has \(data.len) bytes, not 16"
            return .invalid
        }
        return id
    }

    /// An 8-byte span id; nil when absent or of another length, which `malformed` then describes.
    private static func spanID(_ data: ProtobufCBinaryData, field: String, malformed: inout String?) -> SpanID? {
        if data.len == 0 { return nil }
        guard data.len == 8, let id = SpanID(bytes: buffer(data)) else {
            malformed = "\(field) has \(data.len) bytes, not 8"
            return nil
        }
        return id
    }
}
