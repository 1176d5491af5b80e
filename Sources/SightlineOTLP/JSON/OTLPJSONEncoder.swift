import Sightline

/// Encodes spans as one OTLP/JSON `ExportTraceServiceRequest` (`http/json`).
///
/// Follows the proto3 JSON mapping with OTLP's exceptions: trace and span ids are lowercase
/// hex (not base64), field names are lowerCamelCase, enums (`kind`, `code`) are integers,
/// 64-bit integers (`intValue`, timestamps) are decimal strings, `bytesValue` is base64, and
/// non-finite doubles are `"NaN"`, `"Infinity"`, `"-Infinity"`. Like the binary encoding,
/// fields holding their default value (empty, zero, unset status) are left out, except in a
/// value's oneof, where an empty string or a zero is the value.
///
/// The request has the same shape as ``OTLPProtobufEncoder``'s: one `resourceSpans` entry
/// with one `scopeSpans` entry per instrumentation scope, in first-seen order.
public struct OTLPJSONEncoder: Sendable {
    /// An encoder; it keeps no state, so one can be shared by any number of tasks.
    public init() {}

    /// The request for `spans`, produced by `resource`, as UTF-8 JSON text.
    ///
    /// - Parameters:
    ///   - spans: the batch, in the order the request lists it within each scope.
    ///   - resource: the resource that produced the spans (`service.name`, …).
    /// - Returns: the request as UTF-8 JSON text, ready to be sent as `application/json`.
    public func encode(_ spans: [FinishedSpan], resource: Resource) -> [UInt8] {
        var output = JSONWriter(reservingCapacity: 512 + spans.count * 1024)
        let groups = ScopeGroups(spans)
        output.raw("{\"resourceSpans\":[{\"resource\":{")
        attributes(resource.attributes, dropped: 0, into: &output)
        output.raw("},\"scopeSpans\":[")
        for (scopeIndex, scope) in groups.scopes.enumerated() {
            if scopeIndex > 0 { output.raw(",") }
            output.raw("{\"scope\":{")
            output.key("name")
            output.string(scope.name)
            if let version = scope.version, !version.isEmpty {
                output.raw(",")
                output.key("version")
                output.string(version)
            }
            output.raw("},\"spans\":[")
            var first = true
            for index in groups.spanIndices(ofScope: scopeIndex) {
                if !first { output.raw(",") }
                first = false
                span(spans[index], into: &output)
            }
            output.raw("]}")
        }
        output.raw("]}]}")
        return output.bytes
    }

    private func span(_ span: FinishedSpan, into output: inout JSONWriter) {
        let context = span.context
        output.raw("{")
        output.key("traceId")
        output.id(context.traceId)
        output.raw(",")
        output.key("spanId")
        output.id(context.spanId)
        if !context.traceState.isEmpty {
            output.raw(",")
            output.key("traceState")
            output.string(context.traceState)
        }
        if let parent = span.parentSpanId {
            output.raw(",")
            output.key("parentSpanId")
            output.id(parent)
        }
        output.raw(",")
        output.key("flags")
        output.number(SpanFlags.span(traceFlags: context.traceFlags, parent: span.parentSpanId, isLocalRoot: span.isLocalRoot))
        if !span.name.isEmpty {
            output.raw(",")
            output.key("name")
            output.string(span.name)
        }
        output.raw(",")
        output.key("kind")
        output.number(span.kind.rawValue)
        output.raw(",")
        output.key("startTimeUnixNano")
        output.quotedNumber(span.startTime.nanosecondsSinceEpoch)
        output.raw(",")
        output.key("endTimeUnixNano")
        output.quotedNumber(span.endTime.nanosecondsSinceEpoch)
        attributes(span.attributes, dropped: span.droppedAttributesCount, leadingComma: true, into: &output)
        let events = span.events
        if !events.isEmpty {
            output.raw(",")
            output.key("events")
            output.raw("[")
            for (index, event) in events.enumerated() {
                if index > 0 { output.raw(",") }
                output.raw("{")
                output.key("timeUnixNano")
                output.quotedNumber(event.timestamp.nanosecondsSinceEpoch)
                if !event.name.isEmpty {
                    output.raw(",")
                    output.key("name")
                    output.string(event.name)
                }
                attributes(event.attributes, dropped: event.droppedAttributesCount, leadingComma: true, into: &output)
                output.raw("}")
            }
            output.raw("]")
        }
        count("droppedEventsCount", span.droppedEventsCount, into: &output)
        let links = span.links
        if !links.isEmpty {
            output.raw(",")
            output.key("links")
            output.raw("[")
            for (index, link) in links.enumerated() {
                if index > 0 { output.raw(",") }
                output.raw("{")
                output.key("traceId")
                output.id(link.context.traceId)
                output.raw(",")
                output.key("spanId")
                output.id(link.context.spanId)
                if !link.context.traceState.isEmpty {
                    output.raw(",")
                    output.key("traceState")
                    output.string(link.context.traceState)
                }
                attributes(link.attributes, dropped: link.droppedAttributesCount, leadingComma: true, into: &output)
                output.raw(",")
                output.key("flags")
                output.number(SpanFlags.of(link: link.context))
                output.raw("}")
            }
            output.raw("]")
        }
        count("droppedLinksCount", span.droppedLinksCount, into: &output)
        switch span.status {
        case .unset:
            break
        case .ok:
            output.raw(",\"status\":{\"code\":1}")
        case .error(let description):
            output.raw(",\"status\":{")
            if !description.isEmpty {
                output.key("message")
                output.string(description)
                output.raw(",")
            }
            output.raw("\"code\":2}")
        }
        output.raw("}")
    }

    /// `"attributes":[…]` and `"droppedAttributesCount":n`, each only when not empty or zero.
    /// With `leadingComma`, each field written is preceded by a comma; without, the two are
    /// the first fields of their object.
    private func attributes(_ attributes: [Attribute], dropped: Int, leadingComma: Bool = false,
                            into output: inout JSONWriter) {
        var needsComma = leadingComma
        if !attributes.isEmpty {
            if needsComma { output.raw(",") }
            output.key("attributes")
            keyValues(attributes, into: &output)
            needsComma = true
        }
        if dropped > 0 {
            if needsComma { output.raw(",") }
            output.key("droppedAttributesCount")
            output.number(UInt32(clamping: dropped))
        }
    }

    private func count(_ key: StaticString, _ value: Int, into output: inout JSONWriter) {
        guard value > 0 else { return }
        output.raw(",")
        output.key(key)
        output.number(UInt32(clamping: value))
    }

    private func keyValues(_ attributes: [Attribute], into output: inout JSONWriter) {
        output.raw("[")
        for (index, attribute) in attributes.enumerated() {
            if index > 0 { output.raw(",") }
            output.raw("{")
            output.key("key")
            output.string(attribute.key)
            output.raw(",")
            output.key("value")
            value(attribute.value, into: &output)
            output.raw("}")
        }
        output.raw("]")
    }

    private func value(_ value: AttributeValue, into output: inout JSONWriter) {
        output.raw("{")
        switch value {
        case .string(let string):
            output.key("stringValue")
            output.string(string)
        case .bool(let bool):
            output.key("boolValue")
            output.bool(bool)
        case .int(let int):
            output.key("intValue")
            output.quotedNumber(int)
        case .double(let double):
            output.key("doubleValue")
            output.proto3Number(double)
        case .bytes(let bytes):
            output.key("bytesValue")
            output.base64(bytes)
        case .array(let elements):
            output.raw("\"arrayValue\":{\"values\":[")
            for (index, element) in elements.enumerated() {
                if index > 0 { output.raw(",") }
                self.value(element, into: &output)
            }
            output.raw("]}")
        case .keyValueList(let pairs):
            output.raw("\"kvlistValue\":{\"values\":")
            keyValues(pairs, into: &output)
            output.raw("}")
        }
        output.raw("}")
    }
}
