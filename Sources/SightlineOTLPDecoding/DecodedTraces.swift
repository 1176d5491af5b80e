import Sightline
import SightlineOTLP

/// A decoded `ExportTraceServiceRequest`: what a sender shipped, field for field.
///
/// Values keep the wire's detail where Sightline's span model would lose it (raw flags,
/// schema URLs, scope attributes), so a receiver can store exactly what arrived.
public struct DecodedTraces: Sendable, Hashable {
    /// One entry per `ResourceSpans`, in wire order.
    public var resourceSpans: [DecodedResourceSpans]

    /// A request holding `resourceSpans`, as a receiver would decode it; for tests and for
    /// code that builds requests to normalize.
    ///
    /// - Parameter resourceSpans: one entry per `ResourceSpans`, in wire order.
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

    /// The spans of one resource.
    ///
    /// - Parameters:
    ///   - resource: the resource's attributes.
    ///   - resourceDroppedAttributesCount: resource attributes the sender dropped; none by default.
    ///   - schemaURL: the resource's schema URL; empty (not given) by default.
    ///   - scopeSpans: the spans, one entry per instrumentation scope.
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

    /// The spans of one instrumentation scope.
    ///
    /// - Parameters:
    ///   - scope: the scope's name and version.
    ///   - scopeAttributes: attributes of the scope itself; none by default.
    ///   - scopeDroppedAttributesCount: scope attributes the sender dropped; none by default.
    ///   - schemaURL: the spans' schema URL; empty (not given) by default.
    ///   - spans: the spans, in wire order.
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
    /// The span's trace; the invalid id when absent or malformed.
    public var traceId: TraceID
    /// The span's own id; the invalid id when absent or malformed.
    public var spanId: SpanID
    /// The parent's span id; nil for a root span.
    public var parentSpanId: SpanID?
    /// The W3C `tracestate` of the span's context.
    public var traceState: String
    /// OTLP span flags: W3C trace flags in bits 0–7, parent remoteness in bits 8–9.
    public var flags: UInt32
    /// The span's name.
    public var name: String
    /// nil when the sender left the kind unspecified or sent a value OTLP does not define.
    public var kind: SpanKind?
    /// When the span started (`start_time_unix_nano`).
    public var startTime: Timestamp
    /// When the span ended (`end_time_unix_nano`).
    public var endTime: Timestamp
    /// The attributes in wire order; a value with no kind set reads as an empty string.
    public var attributes: [Attribute]
    /// Attributes the sender dropped (limits).
    public var droppedAttributesCount: Int
    /// The span's events, in wire order.
    public var events: [SpanEvent]
    /// Events the sender dropped.
    public var droppedEventsCount: Int
    /// The span's links to other spans, in wire order.
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

    /// A decoded span with these fields; every parameter sets the property of the same name,
    /// and the defaults are the values an absent field decodes to.
    ///
    /// ```swift
    /// let span = DecodedSpan(traceId: .random(), spanId: .random(), name: "chat gpt-4o",
    ///                        startTime: start, endTime: end, attributes: [Attribute("gen_ai.request.model", "gpt-4o")])
    /// ```
    ///
    /// - Parameters:
    ///   - traceId: the span's trace.
    ///   - spanId: the span's own id.
    ///   - parentSpanId: the parent's span id; nil (a root span) by default.
    ///   - traceState: the W3C `tracestate`; empty by default.
    ///   - flags: OTLP span flags; 0 (not sampled, remoteness unknown) by default.
    ///   - name: the span's name.
    ///   - kind: the span kind; nil (unspecified) by default.
    ///   - startTime: when the span started.
    ///   - endTime: when the span ended.
    ///   - attributes: the attributes in wire order; none by default.
    ///   - droppedAttributesCount: attributes the sender dropped; none by default.
    ///   - events: the events; none by default.
    ///   - droppedEventsCount: events the sender dropped; none by default.
    ///   - links: the links; none by default.
    ///   - droppedLinksCount: links the sender dropped; none by default.
    ///   - status: the status; unset by default.
    ///   - malformedIdentifier: which id arrived malformed, and how; nil by default.
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

    /// A decoded link; every parameter sets the property of the same name, and the defaults
    /// are the values an absent field decodes to.
    ///
    /// - Parameters:
    ///   - traceId: the linked span's trace.
    ///   - spanId: the linked span.
    ///   - traceState: the linked context's W3C `tracestate`; empty by default.
    ///   - flags: OTLP flags of the linked context; 0 by default.
    ///   - attributes: the link's attributes; none by default.
    ///   - droppedAttributesCount: link attributes the sender dropped; none by default.
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
