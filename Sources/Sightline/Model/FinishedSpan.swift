/// An ended span: an immutable value that processors and exporters receive.
///
/// The LLM fields stay typed here; attribute processors (the conventions) write them out as
/// attributes before export.
public struct FinishedSpan: Sendable, Hashable {
    public var name: String
    public var context: SpanContext
    /// The parent's span id; nil for the root of a trace.
    public var parentSpanId: SpanID?
    /// True for the first span of the trace in this process (no parent, or a remote parent).
    public var isLocalRoot: Bool
    public var kind: SpanKind
    public var type: SpanType
    public var scope: InstrumentationScope
    public var startTime: Timestamp
    public var endTime: Timestamp
    public var status: SpanStatus
    public var attributes: [Attribute]
    public var events: [SpanEvent]
    public var links: [SpanLink]

    public var input: SpanContent?
    public var output: SpanContent?
    /// The model asked for.
    public var model: String?
    /// The model that answered, when the provider reports a different one.
    public var responseModel: String?
    /// The provider (`openai`, `anthropic`, …).
    public var provider: String?
    public var usage: TokenUsage?
    public var parameters: RequestParameters?
    public var ragContexts: [RAGContext]
    /// Labels set on this span, in addition to the trace's labels.
    public var labels: [String]

    /// The trace's metadata as it was when this span ended.
    public var traceMetadata: TraceMetadata

    public var droppedAttributesCount: Int
    public var droppedEventsCount: Int
    public var droppedLinksCount: Int

    public init(name: String, context: SpanContext, parentSpanId: SpanID? = nil, isLocalRoot: Bool? = nil,
                kind: SpanKind = .internal, type: SpanType = .span, scope: InstrumentationScope = .sightline,
                startTime: Timestamp, endTime: Timestamp? = nil, status: SpanStatus = .unset,
                attributes: [Attribute] = [], events: [SpanEvent] = [], links: [SpanLink] = [],
                traceMetadata: TraceMetadata = TraceMetadata()) {
        self.name = name
        self.context = context
        self.parentSpanId = parentSpanId
        self.isLocalRoot = isLocalRoot ?? (parentSpanId == nil)
        self.kind = kind
        self.type = type
        self.scope = scope
        self.startTime = startTime
        self.endTime = endTime ?? startTime
        self.status = status
        self.attributes = attributes
        self.events = events
        self.links = links
        self.ragContexts = []
        self.labels = []
        self.traceMetadata = traceMetadata
        self.droppedAttributesCount = 0
        self.droppedEventsCount = 0
        self.droppedLinksCount = 0
    }

    public var traceId: TraceID { context.traceId }
    public var spanId: SpanID { context.spanId }
    public var durationNanoseconds: UInt64 { startTime.nanoseconds(until: endTime) }

    /// The value of an attribute, by key.
    public func attribute(_ key: String) -> AttributeValue? {
        attributes.first { $0.key == key }?.value
    }

    /// Trace labels and this span's own labels, unique, in first-seen order.
    public var allLabels: [String] {
        var merged = traceMetadata
        merged.addLabels(labels)
        return merged.labels
    }
}
