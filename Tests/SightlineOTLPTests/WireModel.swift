import Sightline
import SightlineOTLP
import SightlineOTLPDecoding

// A canonical form of an ExportTraceServiceRequest with every field spelled out: what
// Interop/otlp_dump.py prints after decoding with the reference Python classes, and what
// the tests build from Swift values (the spans as recorded, or what our decoder returned).
// Ids, bytes and doubles (their IEEE-754 bits) are hex, 64-bit integers decimal strings.

struct WireRequest: Decodable, Equatable {
    var resourceSpans: [WireResourceSpans]
}

struct WireResourceSpans: Decodable, Equatable {
    var resource: WireResource
    var schemaUrl: String
    var scopeSpans: [WireScopeSpans]
}

struct WireResource: Decodable, Equatable {
    var attributes: [WireKeyValue]
    var droppedAttributesCount: Int
}

struct WireScopeSpans: Decodable, Equatable {
    var scope: WireScope
    var schemaUrl: String
    var spans: [WireSpan]
}

struct WireScope: Decodable, Equatable {
    var name: String
    var version: String
    var attributes: [WireKeyValue]
    var droppedAttributesCount: Int
}

struct WireSpan: Decodable, Equatable {
    var traceId: String
    var spanId: String
    var parentSpanId: String
    var traceState: String
    var flags: UInt32
    var name: String
    var kind: Int
    var startTimeUnixNano: String
    var endTimeUnixNano: String
    var attributes: [WireKeyValue]
    var droppedAttributesCount: Int
    var events: [WireEvent]
    var droppedEventsCount: Int
    var links: [WireLink]
    var droppedLinksCount: Int
    var status: WireStatus
}

struct WireEvent: Decodable, Equatable {
    var timeUnixNano: String
    var name: String
    var attributes: [WireKeyValue]
    var droppedAttributesCount: Int
}

struct WireLink: Decodable, Equatable {
    var traceId: String
    var spanId: String
    var traceState: String
    var attributes: [WireKeyValue]
    var droppedAttributesCount: Int
    var flags: UInt32
}

struct WireStatus: Decodable, Equatable {
    var code: Int
    var message: String
}

struct WireKeyValue: Decodable, Equatable {
    var key: String
    var value: WireValue
}

indirect enum WireValue: Decodable, Equatable {
    case string(String)
    case bool(Bool)
    case int(String)
    case double(bits: String)
    case bytes(hex: String)
    case array([WireValue])
    case kvlist([WireKeyValue])
    case empty

    private enum Key: String, CodingKey {
        case string, bool, int, double, bytes, array, kvlist, empty
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "one value kind expected"))
        }
        switch key {
        case .string: self = .string(try container.decode(String.self, forKey: key))
        case .bool: self = .bool(try container.decode(Bool.self, forKey: key))
        case .int: self = .int(try container.decode(String.self, forKey: key))
        case .double: self = .double(bits: try container.decode(String.self, forKey: key))
        case .bytes: self = .bytes(hex: try container.decode(String.self, forKey: key))
        case .array: self = .array(try container.decode([WireValue].self, forKey: key))
        case .kvlist: self = .kvlist(try container.decode([WireKeyValue].self, forKey: key))
        case .empty: self = .empty
        }
    }
}

// MARK: From Swift values

func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

extension WireValue {
    init(_ value: AttributeValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .bool(let bool): self = .bool(bool)
        case .int(let int): self = .int(String(int))
        case .double(let double):
            let bits = String(double.bitPattern, radix: 16)
            self = .double(bits: String(repeating: "0", count: 16 - bits.count) + bits)
        case .bytes(let bytes): self = .bytes(hex: hexString(bytes))
        case .array(let elements): self = .array(elements.map(WireValue.init))
        case .keyValueList(let pairs): self = .kvlist(pairs.map(WireKeyValue.init))
        }
    }
}

extension WireKeyValue {
    init(_ attribute: Attribute) {
        self.init(key: attribute.key, value: WireValue(attribute.value))
    }
}

extension WireStatus {
    init(_ status: SpanStatus) {
        switch status {
        case .unset: self.init(code: 0, message: "")
        case .ok: self.init(code: 1, message: "")
        case .error(let description): self.init(code: 2, message: description)
        }
    }
}

extension WireRequest {
    /// What the encoders must write for `spans`, restated from the OTLP specification rather
    /// than taken from the encoders: one resource, scopes in first-seen order, flags with
    /// the W3C sampled bit and the parent's (or linked context's) remoteness in bits 8–9.
    init(expected spans: [FinishedSpan], resource: Resource) {
        var scopes: [InstrumentationScope] = []
        var grouped: [[FinishedSpan]] = []
        for span in spans {
            if let index = scopes.firstIndex(of: span.scope) {
                grouped[index].append(span)
            } else {
                scopes.append(span.scope)
                grouped.append([span])
            }
        }
        let scopeSpans = zip(scopes, grouped).map { scope, spans in
            WireScopeSpans(scope: WireScope(name: scope.name, version: scope.version ?? "", attributes: [],
                                            droppedAttributesCount: 0),
                           schemaUrl: "", spans: spans.map(WireSpan.init(expected:)))
        }
        self.init(resourceSpans: [WireResourceSpans(
            resource: WireResource(attributes: resource.attributes.map(WireKeyValue.init), droppedAttributesCount: 0),
            schemaUrl: "", scopeSpans: scopeSpans)])
    }

    /// What ``OTLPProtobufDecoder`` returned, in the same form.
    init(decoded: DecodedTraces) {
        self.init(resourceSpans: decoded.resourceSpans.map { resourceSpans in
            WireResourceSpans(
                resource: WireResource(attributes: resourceSpans.resource.attributes.map(WireKeyValue.init),
                                       droppedAttributesCount: resourceSpans.resourceDroppedAttributesCount),
                schemaUrl: resourceSpans.schemaURL,
                scopeSpans: resourceSpans.scopeSpans.map { scopeSpans in
                    WireScopeSpans(
                        scope: WireScope(name: scopeSpans.scope.name, version: scopeSpans.scope.version ?? "",
                                         attributes: scopeSpans.scopeAttributes.map(WireKeyValue.init),
                                         droppedAttributesCount: scopeSpans.scopeDroppedAttributesCount),
                        schemaUrl: scopeSpans.schemaURL, spans: scopeSpans.spans.map(WireSpan.init(decoded:)))
                })
        })
    }
}

extension WireSpan {
    init(expected span: FinishedSpan) {
        let parentIsRemote = span.parentSpanId != nil && span.isLocalRoot
        self.init(
            traceId: span.traceId.hex, spanId: span.spanId.hex, parentSpanId: span.parentSpanId?.hex ?? "",
            traceState: span.context.traceState,
            flags: (span.context.isSampled ? 0x01 : 0) | 0x100 | (parentIsRemote ? 0x200 : 0),
            name: span.name, kind: span.kind.rawValue,
            startTimeUnixNano: String(span.startTime.nanosecondsSinceEpoch),
            endTimeUnixNano: String(span.endTime.nanosecondsSinceEpoch),
            attributes: span.attributes.map(WireKeyValue.init), droppedAttributesCount: span.droppedAttributesCount,
            events: span.events.map { event in
                WireEvent(timeUnixNano: String(event.timestamp.nanosecondsSinceEpoch), name: event.name,
                          attributes: event.attributes.map(WireKeyValue.init),
                          droppedAttributesCount: event.droppedAttributesCount)
            },
            droppedEventsCount: span.droppedEventsCount,
            links: span.links.map { link in
                WireLink(traceId: link.context.traceId.hex, spanId: link.context.spanId.hex,
                         traceState: link.context.traceState, attributes: link.attributes.map(WireKeyValue.init),
                         droppedAttributesCount: link.droppedAttributesCount,
                         flags: (link.context.isSampled ? 0x01 : 0) | 0x100 | (link.context.isRemote ? 0x200 : 0))
            },
            droppedLinksCount: span.droppedLinksCount, status: WireStatus(span.status))
    }

    init(decoded span: DecodedSpan) {
        self.init(
            traceId: span.traceId.hex, spanId: span.spanId.hex, parentSpanId: span.parentSpanId?.hex ?? "",
            traceState: span.traceState, flags: span.flags, name: span.name, kind: span.kind?.rawValue ?? 0,
            startTimeUnixNano: String(span.startTime.nanosecondsSinceEpoch),
            endTimeUnixNano: String(span.endTime.nanosecondsSinceEpoch),
            attributes: span.attributes.map(WireKeyValue.init), droppedAttributesCount: span.droppedAttributesCount,
            events: span.events.map { event in
                WireEvent(timeUnixNano: String(event.timestamp.nanosecondsSinceEpoch), name: event.name,
                          attributes: event.attributes.map(WireKeyValue.init),
                          droppedAttributesCount: event.droppedAttributesCount)
            },
            droppedEventsCount: span.droppedEventsCount,
            links: span.links.map { link in
                WireLink(traceId: link.traceId.hex, spanId: link.spanId.hex, traceState: link.traceState,
                         attributes: link.attributes.map(WireKeyValue.init),
                         droppedAttributesCount: link.droppedAttributesCount, flags: link.flags)
            },
            droppedLinksCount: span.droppedLinksCount, status: WireStatus(span.status))
    }
}
