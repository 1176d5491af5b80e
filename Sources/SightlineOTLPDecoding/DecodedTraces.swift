import Sightline
import SightlineOTLP

/// A decoded `ExportTraceServiceRequest`: what a sender shipped, field for field.
///
/// Values keep the wire's detail where Sightline's span model would lose it (raw flags,
/// schema URLs, scope attributes), so a receiver can store exactly what arrived.
public struct DecodedTraces: Sendable, Hashable {
    /// One entry per `ResourceSpans`, in wire order.
    public var resourceSpans: [DecodedResourceSpans]

    public init(resourceSpans: [DecodedResourceSpans]) {
        self.resourceSpans = resourceSpans
    }

    /// Every span of the request, in wire order.
    public var spans: [DecodedSpan] {
        resourceSpans.flatMap { $0.scopeSpans.flatMap(\.spans) }
    }
}

/// The spans of one resource (OTLP `ResourceSpans`).
public struct DecodedResourceSpans: Sendable, Hashable {
    /// The resource's attributes (`service.name`, `telemetry.sdk.*`, …).
    public var resource: Resource
    /// Resource attributes the sender dropped.
    public var resourceDroppedAttributesCount: Int
    /// The schema URL of the resource; empty when not given.
    public var schemaURL: String
    /// The resource's spans, one entry per instrumentation scope.
    public var scopeSpans: [DecodedScopeSpans]

    public init(resource: Resource, resourceDroppedAttributesCount: Int = 0, schemaURL: String = "",
                scopeSpans: [DecodedScopeSpans]) {
        self.resource = resource
        self.resourceDroppedAttributesCount = resourceDroppedAttributesCount
        self.schemaURL = schemaURL
        self.scopeSpans = scopeSpans
    }
}

/// The spans recorded by one instrumentation scope (OTLP `ScopeSpans`).
public struct DecodedScopeSpans: Sendable, Hashable {
    /// The scope's name and version; an empty version on the wire is nil.
    public var scope: InstrumentationScope
    /// Attributes of the instrumentation scope itself.
    public var scopeAttributes: [Attribute]
    /// Scope attributes the sender dropped.
    public var scopeDroppedAttributesCount: Int
    /// The schema URL of the spans; empty when not given.
    public var schemaURL: String
    /// The spans, in wire order.
    public var spans: [DecodedSpan]

    public init(scope: InstrumentationScope, scopeAttributes: [Attribute] = [], scopeDroppedAttributesCount: Int = 0,
                schemaURL: String = "", spans: [DecodedSpan]) {
        self.scope = scope
        self.scopeAttributes = scopeAttributes
        self.scopeDroppedAttributesCount = scopeDroppedAttributesCount
        self.schemaURL = schemaURL
        self.spans = spans
    }
}

/// One decoded span (OTLP `Span`).
///
/// Ids that were absent on the wire are the invalid (all-zero) ids; an absent parent is nil. An
/// id that arrived malformed (another length; in JSON, not hex) reads the same way, and
/// ``malformedIdentifier`` says which and why: a receiver rejects that span and keeps the others.
/// Strings that were not valid UTF-8 have had the bad bytes replaced with U+FFFD.
public struct DecodedSpan: Sendable, Hashable {
    public var traceId: TraceID
    public var spanId: SpanID
    /// The parent's span id; nil for a root span.
    public var parentSpanId: SpanID?
    /// The W3C `tracestate` of the span's context.
    public var traceState: String
    /// OTLP span flags: W3C trace flags in bits 0–7, parent remoteness in bits 8–9.
    public var flags: UInt32
    public var name: String
    /// nil when the sender left the kind unspecified or sent a value OTLP does not define.
    public var kind: SpanKind?
    public var startTime: Timestamp
    public var endTime: Timestamp
    /// The attributes in wire order; a value with no kind set reads as an empty string.
    public var attributes: [Attribute]
    /// Attributes the sender dropped (limits).
    public var droppedAttributesCount: Int
    public var events: [SpanEvent]
    /// Events the sender dropped.
    public var droppedEventsCount: Int
    public var links: [DecodedLink]
    /// Links the sender dropped.
    public var droppedLinksCount: Int
    /// The status; a message sent with a code other than error is not kept, and an
    /// unknown code reads as unset.
    public var status: SpanStatus
    /// Set when the trace id, span id, parent span id or an id of a link arrived malformed: which
    /// one and how (`span_id has 3 bytes, not 8`). The last such id is named; nil when every id
    /// was well formed.
    public var malformedIdentifier: String?

    public init(traceId: TraceID, spanId: SpanID, parentSpanId: SpanID? = nil, traceState: String = "",
                flags: UInt32 = 0, name: String, kind: SpanKind? = nil, startTime: Timestamp, endTime: Timestamp,
                attributes: [Attribute] = [], droppedAttributesCount: Int = 0, events: [SpanEvent] = [],
                droppedEventsCount: Int = 0, links: [DecodedLink] = [], droppedLinksCount: Int = 0,
                status: SpanStatus = .unset, malformedIdentifier: String? = nil) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.traceState = traceState
        self.flags = flags
        self.name = name
        self.kind = kind
        self.startTime = startTime
        self.endTime = endTime
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
        self.events = events
        self.droppedEventsCount = droppedEventsCount
        self.links = links
        self.droppedLinksCount = droppedLinksCount
        self.status = status
        self.malformedIdentifier = malformedIdentifier
    }

    /// True when the W3C sampled flag is set.
    public var isSampled: Bool { flags & 0x01 != 0 }

    /// Whether the parent came from another process; nil when the sender did not say.
    public var parentIsRemote: Bool? {
        flags & SpanFlags.hasIsRemote == 0 ? nil : flags & SpanFlags.isRemote != 0
    }
}

/// One decoded link (OTLP `Span.Link`).
public struct DecodedLink: Sendable, Hashable {
    /// The linked span's trace.
    public var traceId: TraceID
    /// The linked span.
    public var spanId: SpanID
    /// The W3C `tracestate` of the linked context.
    public var traceState: String
    /// OTLP span flags of the linked context: W3C trace flags in bits 0–7, remoteness in bits 8–9.
    public var flags: UInt32
    /// Attributes of the link.
    public var attributes: [Attribute]
    /// Link attributes the sender dropped.
    public var droppedAttributesCount: Int

    public init(traceId: TraceID, spanId: SpanID, traceState: String = "", flags: UInt32 = 0,
                attributes: [Attribute] = [], droppedAttributesCount: Int = 0) {
        self.traceId = traceId
        self.spanId = spanId
        self.traceState = traceState
        self.flags = flags
        self.attributes = attributes
        self.droppedAttributesCount = droppedAttributesCount
    }

    /// The linked span's context as Sightline models it.
    public var context: SpanContext {
        SpanContext(traceId: traceId, spanId: spanId, isSampled: flags & 0x01 != 0, traceState: traceState,
                    isRemote: flags & SpanFlags.isRemote != 0)
    }
}
