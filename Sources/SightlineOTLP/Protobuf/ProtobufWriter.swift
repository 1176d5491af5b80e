import CProtobufC
import COTLP
import Sightline

/// Copies a batch into protobuf-c structs that live in an arena, for the packer specialised to
/// the trace schema (`sightline_otlp_trace_request_size` and `_pack` in `otlp_trace_pack.c`).
/// protobuf-c's own generic `pack` never runs on them outside the tests, where it is the oracle
/// the packer's bytes are checked against.
///
/// Every struct starts as a copy of the value its generated `*__init()` function writes
/// (Swift does not import the `*_INIT` macros). Every string is a `bytes` field of the wire
/// twin (see `Scripts/generate-protos.sh`): its UTF-8 is copied into the arena with an
/// explicit length, so a NUL inside a string is encoded like any other character.
///
/// protobuf-c checks nothing, so the writer keeps its rules: no NULL entry in a repeated
/// field, a non-NULL data pointer behind every `bytes` value, and a real struct (not NULL)
/// behind a oneof message, even an empty one.
struct ProtobufWriter {
    private let arena: UnsafeMutablePointer<Arena>
    private let requestTemplate: PBRequest
    private let resourceSpansTemplate: PBResourceSpans
    private let resourceTemplate: PBResource
    private let scopeSpansTemplate: PBScopeSpans
    private let scopeTemplate: PBScope
    private let spanTemplate: PBSpan
    private let eventTemplate: PBEvent
    private let linkTemplate: PBLink
    private let statusTemplate: PBStatus
    private let keyValueTemplate: PBKeyValue
    private let anyValueTemplate: PBAnyValue
    private let arrayValueTemplate: PBArrayValue
    private let keyValueListTemplate: PBKeyValueList

    init(arena: UnsafeMutablePointer<Arena>) {
        self.arena = arena
        requestTemplate = Self.template(opentelemetry__proto__collector__trace__v1__export_trace_service_request__init)
        resourceSpansTemplate = Self.template(opentelemetry__proto__trace__v1__resource_spans__init)
        resourceTemplate = Self.template(opentelemetry__proto__resource__v1__resource__init)
        scopeSpansTemplate = Self.template(opentelemetry__proto__trace__v1__scope_spans__init)
        scopeTemplate = Self.template(opentelemetry__proto__common__v1__instrumentation_scope__init)
        spanTemplate = Self.template(opentelemetry__proto__trace__v1__span__init)
        eventTemplate = Self.template(opentelemetry__proto__trace__v1__span__event__init)
        linkTemplate = Self.template(opentelemetry__proto__trace__v1__span__link__init)
        statusTemplate = Self.template(opentelemetry__proto__trace__v1__status__init)
        keyValueTemplate = Self.template(opentelemetry__proto__common__v1__key_value__init)
        anyValueTemplate = Self.template(opentelemetry__proto__common__v1__any_value__init)
        arrayValueTemplate = Self.template(opentelemetry__proto__common__v1__array_value__init)
        keyValueListTemplate = Self.template(opentelemetry__proto__common__v1__key_value_list__init)
    }

    private static func template<Message>(_ initialize: (UnsafeMutablePointer<Message>?) -> Void) -> Message {
        let message = UnsafeMutablePointer<Message>.allocate(capacity: 1)
        defer { message.deallocate() }
        initialize(message)
        return message.move()
    }

    /// A new struct in the arena, initialized from `template`.
    @inline(__always)
    private func make<Message>(_ template: Message) -> UnsafeMutablePointer<Message> {
        let message = arena.pointee.allocate(Message.self, count: 1)
        message.initialize(to: template)
        return message
    }

    // MARK: Request

    /// One `ExportTraceServiceRequest`: a single `ResourceSpans` for `resource`, with one
    /// `ScopeSpans` per instrumentation scope in the batch.
    func request(_ spans: [FinishedSpan], resource: Resource) -> UnsafeMutablePointer<PBRequest> {
        let groups = ScopeGroups(spans)
        let pbResource = make(resourceTemplate)
        (pbResource.pointee.n_attributes, pbResource.pointee.attributes) = keyValues(resource.attributes)

        let resourceSpans = make(resourceSpansTemplate)
        resourceSpans.pointee.resource = pbResource
        let scopeCount = groups.scopes.count
        let scopeSpansList = arena.pointee.allocate(UnsafeMutablePointer<PBScopeSpans>?.self, count: scopeCount)
        for scopeIndex in 0..<scopeCount {
            let scopeSpans = make(scopeSpansTemplate)
            scopeSpans.pointee.scope = scope(groups.scopes[scopeIndex])
            let indices = groups.spanIndices(ofScope: scopeIndex)
            let spanList = arena.pointee.allocate(UnsafeMutablePointer<PBSpan>?.self, count: indices.count)
            var position = 0
            for index in indices {
                spanList[position] = span(spans[index])
                position += 1
            }
            scopeSpans.pointee.n_spans = indices.count
            scopeSpans.pointee.spans = spanList
            scopeSpansList[scopeIndex] = scopeSpans
        }
        resourceSpans.pointee.n_scope_spans = scopeCount
        resourceSpans.pointee.scope_spans = scopeSpansList

        let request = make(requestTemplate)
        let resourceSpansList = arena.pointee.allocate(UnsafeMutablePointer<PBResourceSpans>?.self, count: 1)
        resourceSpansList[0] = resourceSpans
        request.pointee.n_resource_spans = 1
        request.pointee.resource_spans = resourceSpansList
        return request
    }

    private func scope(_ scope: InstrumentationScope) -> UnsafeMutablePointer<PBScope> {
        let pbScope = make(scopeTemplate)
        pbScope.pointee.name = bytes(scope.name)
        if let version = scope.version { pbScope.pointee.version = bytes(version) }
        return pbScope
    }

    // MARK: Span

    private func span(_ span: FinishedSpan) -> UnsafeMutablePointer<PBSpan> {
        let pbSpan = make(spanTemplate)
        // Each field read once: the getters are calls, and a copied context costs a retain.
        let context = span.context
        let parent = span.parentSpanId
        pbSpan.pointee.trace_id = bytes(context.traceId)
        pbSpan.pointee.span_id = bytes(context.spanId)
        pbSpan.pointee.trace_state = bytes(context.traceState)
        if let parent { pbSpan.pointee.parent_span_id = bytes(parent) }
        pbSpan.pointee.flags = SpanFlags.span(traceFlags: context.traceFlags, parent: parent, isLocalRoot: span.isLocalRoot)
        pbSpan.pointee.name = bytes(span.name)
        pbSpan.pointee.kind = .init(rawValue: numericCast(span.kind.rawValue))
        pbSpan.pointee.start_time_unix_nano = span.startTime.nanosecondsSinceEpoch
        pbSpan.pointee.end_time_unix_nano = span.endTime.nanosecondsSinceEpoch
        (pbSpan.pointee.n_attributes, pbSpan.pointee.attributes) = keyValues(span.attributes)
        pbSpan.pointee.dropped_attributes_count = UInt32(clamping: span.droppedAttributesCount)
        (pbSpan.pointee.n_events, pbSpan.pointee.events) = events(span.events)
        pbSpan.pointee.dropped_events_count = UInt32(clamping: span.droppedEventsCount)
        (pbSpan.pointee.n_links, pbSpan.pointee.links) = links(span.links)
        pbSpan.pointee.dropped_links_count = UInt32(clamping: span.droppedLinksCount)
        pbSpan.pointee.status = status(span.status)
        return pbSpan
    }

    private func events(_ events: [SpanEvent]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<PBEvent>?>?) {
        if events.isEmpty { return (0, nil) }
        let list = arena.pointee.allocate(UnsafeMutablePointer<PBEvent>?.self, count: events.count)
        let structs = arena.pointee.allocate(PBEvent.self, count: events.count)
        for (index, event) in events.enumerated() {
            let pbEvent = structs + index
            pbEvent.initialize(to: eventTemplate)
            pbEvent.pointee.time_unix_nano = event.timestamp.nanosecondsSinceEpoch
            pbEvent.pointee.name = bytes(event.name)
            (pbEvent.pointee.n_attributes, pbEvent.pointee.attributes) = keyValues(event.attributes)
            pbEvent.pointee.dropped_attributes_count = UInt32(clamping: event.droppedAttributesCount)
            list[index] = pbEvent
        }
        return (events.count, list)
    }

    private func links(_ links: [SpanLink]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<PBLink>?>?) {
        if links.isEmpty { return (0, nil) }
        let list = arena.pointee.allocate(UnsafeMutablePointer<PBLink>?.self, count: links.count)
        let structs = arena.pointee.allocate(PBLink.self, count: links.count)
        for (index, link) in links.enumerated() {
            let pbLink = structs + index
            pbLink.initialize(to: linkTemplate)
            pbLink.pointee.trace_id = bytes(link.context.traceId)
            pbLink.pointee.span_id = bytes(link.context.spanId)
            pbLink.pointee.trace_state = bytes(link.context.traceState)
            (pbLink.pointee.n_attributes, pbLink.pointee.attributes) = keyValues(link.attributes)
            pbLink.pointee.dropped_attributes_count = UInt32(clamping: link.droppedAttributesCount)
            pbLink.pointee.flags = SpanFlags.of(link: link.context)
            list[index] = pbLink
        }
        return (links.count, list)
    }

    /// nil for an unset status: proto3 leaves a default message out.
    private func status(_ status: SpanStatus) -> UnsafeMutablePointer<PBStatus>? {
        switch status {
        case .unset:
            return nil
        case .ok:
            let pbStatus = make(statusTemplate)
            pbStatus.pointee.code = OPENTELEMETRY__PROTO__TRACE__V1__STATUS__STATUS_CODE__STATUS_CODE_OK
            return pbStatus
        case .error(let description):
            let pbStatus = make(statusTemplate)
            pbStatus.pointee.code = OPENTELEMETRY__PROTO__TRACE__V1__STATUS__STATUS_CODE__STATUS_CODE_ERROR
            pbStatus.pointee.message = bytes(description)
            return pbStatus
        }
    }

    // MARK: Attributes

    private func keyValues(_ attributes: [Attribute]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<PBKeyValue>?>?) {
        let count = attributes.count
        if count == 0 { return (0, nil) }
        let list = arena.pointee.allocate(UnsafeMutablePointer<PBKeyValue>?.self, count: count)
        let pairs = arena.pointee.allocate(PBKeyValue.self, count: count)
        let values = arena.pointee.allocate(PBAnyValue.self, count: count)
        var index = 0
        for attribute in attributes {
            let pair = pairs + index
            pair.initialize(to: keyValueTemplate)
            pair.pointee.key = bytes(attribute.key)
            anyValue(attribute.value, into: values + index)
            pair.pointee.value = values + index
            list[index] = pair
            index += 1
        }
        return (count, list)
    }

    private func anyValue(_ value: AttributeValue, into pbValue: UnsafeMutablePointer<PBAnyValue>) {
        pbValue.initialize(to: anyValueTemplate)
        switch value {
        case .string(let string):
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE
            pbValue.pointee.string_value = bytes(string)
        case .bool(let bool):
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BOOL_VALUE
            pbValue.pointee.bool_value = bool ? 1 : 0
        case .int(let int):
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE
            pbValue.pointee.int_value = int
        case .double(let double):
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_DOUBLE_VALUE
            pbValue.pointee.double_value = double
        case .bytes(let data):
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BYTES_VALUE
            pbValue.pointee.bytes_value = data.withUnsafeBytes(copy)
        case .array(let elements):
            let array = make(arrayValueTemplate)
            if !elements.isEmpty {
                let list = arena.pointee.allocate(UnsafeMutablePointer<PBAnyValue>?.self, count: elements.count)
                let values = arena.pointee.allocate(PBAnyValue.self, count: elements.count)
                for (index, element) in elements.enumerated() {
                    anyValue(element, into: values + index)
                    list[index] = values + index
                }
                array.pointee.n_values = elements.count
                array.pointee.values = list
            }
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_ARRAY_VALUE
            pbValue.pointee.array_value = array
        case .keyValueList(let pairs):
            let list = make(keyValueListTemplate)
            (list.pointee.n_values, list.pointee.values) = keyValues(pairs)
            pbValue.pointee.value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_KVLIST_VALUE
            pbValue.pointee.kvlist_value = list
        }
    }

    // MARK: Bytes

    /// The string's UTF-8, copied into the arena with its length (NUL bytes included).
    @inline(__always)
    private func bytes(_ string: String) -> ProtobufCBinaryData {
        if let copied = string.utf8.withContiguousStorageIfAvailable({ copy(UnsafeRawBufferPointer($0)) }) {
            return copied
        }
        var contiguous = string
        return contiguous.withUTF8 { copy(UnsafeRawBufferPointer($0)) }
    }

    /// A copy in the arena; the data pointer is never NULL, even for zero bytes.
    @inline(__always)
    private func copy(_ source: UnsafeRawBufferPointer) -> ProtobufCBinaryData {
        let count = source.count
        let destination = arena.pointee.allocate(count)
        if count >= 8 && count <= 32 {
            // Keys and short values: overlapping words, from both ends, cost less than a
            // call to memmove.
            func copyWord(at offset: Int) {
                destination.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                                       toByteOffset: offset, as: UInt64.self)
            }
            copyWord(at: 0)
            copyWord(at: count - 8)
            if count > 16 {
                copyWord(at: 8)
                copyWord(at: count - 16)
            }
        } else if count > 0 {
            destination.copyMemory(from: source.baseAddress!, byteCount: count)
        }
        return ProtobufCBinaryData(len: count, data: destination.bindMemory(to: UInt8.self, capacity: count))
    }

    /// The 16 id bytes, most significant first.
    private func bytes(_ id: TraceID) -> ProtobufCBinaryData {
        let destination = arena.pointee.allocate(16)
        destination.storeBytes(of: id.high.bigEndian, as: UInt64.self)
        destination.storeBytes(of: id.low.bigEndian, toByteOffset: 8, as: UInt64.self)
        return ProtobufCBinaryData(len: 16, data: destination.bindMemory(to: UInt8.self, capacity: 16))
    }

    /// The 8 id bytes, most significant first.
    private func bytes(_ id: SpanID) -> ProtobufCBinaryData {
        let destination = arena.pointee.allocate(8)
        destination.storeBytes(of: id.value.bigEndian, as: UInt64.self)
        return ProtobufCBinaryData(len: 8, data: destination.bindMemory(to: UInt8.self, capacity: 8))
    }
}
