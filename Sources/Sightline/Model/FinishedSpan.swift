/// An ended span: a value that processors and exporters receive.
///
/// The LLM fields stay typed here; attribute processors (the conventions) write them out as
/// attributes before export. The fields live in copy-on-write storage, so passing a span
/// through the pipeline costs one reference count, not a copy of every field.
///
// Sendable: the storage is only written when uniquely referenced (copy-on-write), so no two
// threads ever see a write to the same storage.
public struct FinishedSpan: @unchecked Sendable, Hashable {
    typealias Storage = SpanStorage

    @usableFromInline
    struct Fields: Hashable {
        var name: String
        var context: SpanContext
        var parentSpanId: SpanID?
        var isLocalRoot: Bool
        var kind: SpanKind
        var type: SpanType
        var scope: InstrumentationScope
        var startTime: Timestamp
        var endTime: Timestamp
        var status: SpanStatus
        var attributes: [Attribute]
        var events: [SpanEvent]
        var links: [SpanLink]
        /// Input, output, model, usage…: out of line, so a span that sets none of them is
        /// smaller to create, hand to the export loop and free.
        var llm: LLMFields
        var labels: [String]
        /// Nil when the trace had no metadata.
        var traceMetadataSnapshot: TraceMetadataSnapshot?
        var droppedAttributesCount: Int
        var droppedEventsCount: Int
        var droppedLinksCount: Int

        /// The fields of a span that just started: nothing recorded yet.
        static func start(name: String, context: SpanContext, parentSpanId: SpanID?, isLocalRoot: Bool,
                          kind: SpanKind, type: SpanType, scope: InstrumentationScope, startTime: Timestamp) -> Fields {
            Fields(name: name, context: context, parentSpanId: parentSpanId, isLocalRoot: isLocalRoot, kind: kind,
                   type: type, scope: scope, startTime: startTime, endTime: startTime, status: .unset, attributes: [],
                   events: [], links: [], llm: LLMFields(), labels: [], traceMetadataSnapshot: nil,
                   droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0)
        }

        var input: SpanContent? {
            get { llm[\.input, default: nil] }
            set { llm.set(\.input, newValue, isEmpty: newValue == nil) }
        }
        var output: SpanContent? {
            get { llm[\.output, default: nil] }
            set { llm.set(\.output, newValue, isEmpty: newValue == nil) }
        }
        var model: String? {
            get { llm[\.model, default: nil] }
            set { llm.set(\.model, newValue, isEmpty: newValue == nil) }
        }
        var responseModel: String? {
            get { llm[\.responseModel, default: nil] }
            set { llm.set(\.responseModel, newValue, isEmpty: newValue == nil) }
        }
        var provider: String? {
            get { llm[\.provider, default: nil] }
            set { llm.set(\.provider, newValue, isEmpty: newValue == nil) }
        }
        var usage: TokenUsage? {
            get { llm[\.usage, default: nil] }
            set { llm.set(\.usage, newValue, isEmpty: newValue == nil) }
        }
        var parameters: RequestParameters? {
            get { llm[\.parameters, default: nil] }
            set { llm.set(\.parameters, newValue, isEmpty: newValue == nil) }
        }
        var ragContexts: [RAGContext] {
            get { llm[\.ragContexts, default: []] }
            set { llm.set(\.ragContexts, newValue, isEmpty: newValue.isEmpty) }
        }
        var stream: StreamedResponse? {
            get { llm[\.stream, default: nil] }
            set { llm.set(\.stream, newValue, isEmpty: newValue == nil) }
        }
    }

    private var storage: Storage

    /// Wraps the storage a live span recorded into (no allocation, no field copies).
    init(storage: Storage) {
        self.storage = storage
    }

    /// Makes a finished span directly, as an exporter's test or a bridge from another tracer does.
    /// - Parameters:
    ///   - name: the span's name.
    ///   - context: its identity.
    ///   - parentSpanId: the parent's span id; nil for the root of a trace.
    ///   - isLocalRoot: true for the first span of the trace in this process; nil means "has no parent".
    ///   - kind: the OpenTelemetry span kind.
    ///   - type: what the span stood for.
    ///   - scope: the library that recorded it.
    ///   - startTime: when it started.
    ///   - endTime: when it ended; nil means at its start.
    ///   - status: unset, ok or error.
    ///   - attributes: its attributes.
    ///   - events: its events.
    ///   - links: its links.
    ///   - traceMetadata: the trace's metadata as it was when the span ended.
    public init(name: String, context: SpanContext, parentSpanId: SpanID? = nil, isLocalRoot: Bool? = nil,
                kind: SpanKind = .internal, type: SpanType = .span, scope: InstrumentationScope = .sightline,
                startTime: Timestamp, endTime: Timestamp? = nil, status: SpanStatus = .unset,
                attributes: [Attribute] = [], events: [SpanEvent] = [], links: [SpanLink] = [],
                traceMetadata: TraceMetadata = TraceMetadata()) {
        var fields = Fields.start(name: name, context: context, parentSpanId: parentSpanId,
                                  isLocalRoot: isLocalRoot ?? (parentSpanId == nil), kind: kind, type: type, scope: scope,
                                  startTime: startTime)
        fields.endTime = endTime ?? startTime
        fields.status = status
        fields.attributes = attributes
        fields.events = events
        fields.links = links
        fields.traceMetadataSnapshot = .of(traceMetadata)
        storage = Storage(fields)
    }

    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    /// Two spans are equal when every field is.
    public static func == (lhs: FinishedSpan, rhs: FinishedSpan) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.fields)
    }

    /// The span's name.
    public var name: String {
        get { storage.fields.name }
        _modify { yield &uniqueStorage().fields.name }
        set { uniqueStorage().fields.name = newValue }
    }

    /// The span's identity: trace id, span id, sampling flag and trace state.
    public var context: SpanContext {
        get { storage.fields.context }
        _modify { yield &uniqueStorage().fields.context }
        set { uniqueStorage().fields.context = newValue }
    }

    /// The parent's span id; nil for the root of a trace.
    public var parentSpanId: SpanID? {
        get { storage.fields.parentSpanId }
        _modify { yield &uniqueStorage().fields.parentSpanId }
        set { uniqueStorage().fields.parentSpanId = newValue }
    }

    /// True for the first span of the trace in this process (no parent, or a remote parent).
    public var isLocalRoot: Bool {
        get { storage.fields.isLocalRoot }
        _modify { yield &uniqueStorage().fields.isLocalRoot }
        set { uniqueStorage().fields.isLocalRoot = newValue }
    }

    /// The OpenTelemetry span kind.
    public var kind: SpanKind {
        get { storage.fields.kind }
        _modify { yield &uniqueStorage().fields.kind }
        set { uniqueStorage().fields.kind = newValue }
    }

    /// What the span stood for (an LLM call, a tool, a retrieval, …).
    public var type: SpanType {
        get { storage.fields.type }
        _modify { yield &uniqueStorage().fields.type }
        set { uniqueStorage().fields.type = newValue }
    }

    /// The library that recorded the span: Sightline itself, or the one a bridge names.
    public var scope: InstrumentationScope {
        get { storage.fields.scope }
        _modify { yield &uniqueStorage().fields.scope }
        set { uniqueStorage().fields.scope = newValue }
    }

    /// When the span started.
    public var startTime: Timestamp {
        get { storage.fields.startTime }
        _modify { yield &uniqueStorage().fields.startTime }
        set { uniqueStorage().fields.startTime = newValue }
    }

    /// When the span ended.
    public var endTime: Timestamp {
        get { storage.fields.endTime }
        _modify { yield &uniqueStorage().fields.endTime }
        set { uniqueStorage().fields.endTime = newValue }
    }

    /// Unset, ok or error.
    public var status: SpanStatus {
        get { storage.fields.status }
        _modify { yield &uniqueStorage().fields.status }
        set { uniqueStorage().fields.status = newValue }
    }

    /// The attributes set on the span; the conventions add theirs on the export path.
    public var attributes: [Attribute] {
        get { storage.fields.attributes }
        _modify { yield &uniqueStorage().fields.attributes }
        set { uniqueStorage().fields.attributes = newValue }
    }

    /// The events recorded on the span.
    public var events: [SpanEvent] {
        get { storage.fields.events }
        _modify { yield &uniqueStorage().fields.events }
        set { uniqueStorage().fields.events = newValue }
    }

    /// The links to other spans.
    public var links: [SpanLink] {
        get { storage.fields.links }
        _modify { yield &uniqueStorage().fields.links }
        set { uniqueStorage().fields.links = newValue }
    }

    /// What went into the call; nil when none was set or content capture is off.
    public var input: SpanContent? {
        get { storage.fields.input }
        _modify { yield &uniqueStorage().fields.input }
        set { uniqueStorage().fields.input = newValue }
    }

    /// What came out of the call; nil when none was set or content capture is off.
    public var output: SpanContent? {
        get { storage.fields.output }
        _modify { yield &uniqueStorage().fields.output }
        set { uniqueStorage().fields.output = newValue }
    }

    /// The model asked for.
    public var model: String? {
        get { storage.fields.model }
        _modify { yield &uniqueStorage().fields.model }
        set { uniqueStorage().fields.model = newValue }
    }

    /// The model that answered, when the provider reports a different one.
    public var responseModel: String? {
        get { storage.fields.responseModel }
        _modify { yield &uniqueStorage().fields.responseModel }
        set { uniqueStorage().fields.responseModel = newValue }
    }

    /// The provider (`openai`, `anthropic`, …).
    public var provider: String? {
        get { storage.fields.provider }
        _modify { yield &uniqueStorage().fields.provider }
        set { uniqueStorage().fields.provider = newValue }
    }

    /// The tokens the call used and its cost.
    public var usage: TokenUsage? {
        get { storage.fields.usage }
        _modify { yield &uniqueStorage().fields.usage }
        set { uniqueStorage().fields.usage = newValue }
    }

    /// The request's sampling parameters.
    public var parameters: RequestParameters? {
        get { storage.fields.parameters }
        _modify { yield &uniqueStorage().fields.parameters }
        set { uniqueStorage().fields.parameters = newValue }
    }

    /// The documents a retrieval found.
    public var ragContexts: [RAGContext] {
        get { storage.fields.ragContexts }
        _modify { yield &uniqueStorage().fields.ragContexts }
        set { uniqueStorage().fields.ragContexts = newValue }
    }

    /// True when the call streamed its response (`gen_ai.request.stream`).
    public var isStreaming: Bool {
        get { storage.fields.stream != nil }
        set {
            guard newValue != isStreaming else { return }
            uniqueStorage().fields.stream = newValue ? StreamedResponse() : nil
        }
    }

    /// When the first chunk of a streamed response arrived; nil before one did or when the call
    /// did not stream. Setting it marks the span streaming.
    public var firstChunkTime: Timestamp? {
        get { storage.fields.stream?.firstChunkTime }
        set {
            var stream = storage.fields.stream ?? StreamedResponse()
            stream.firstChunkTime = newValue
            uniqueStorage().fields.stream = stream
        }
    }

    /// Time to first token: from the span's start to its first chunk.
    public var timeToFirstChunk: Duration? {
        firstChunkTime.map { .nanoseconds(Int64(clamping: startTime.nanoseconds(until: $0))) }
    }

    /// Labels set on this span, in addition to the trace's labels.
    public var labels: [String] {
        get { storage.fields.labels }
        _modify { yield &uniqueStorage().fields.labels }
        set { uniqueStorage().fields.labels = newValue }
    }

    /// The trace's metadata when it has any, else nil: what the conventions read on every span,
    /// without making an empty value for the spans of traces that have none.
    var traceMetadataIfSet: TraceMetadata? { storage.fields.traceMetadataSnapshot?.metadata }

    /// The trace's metadata as it was when this span ended.
    public var traceMetadata: TraceMetadata {
        get { storage.fields.traceMetadataSnapshot?.metadata ?? TraceMetadata() }
        set { uniqueStorage().fields.traceMetadataSnapshot = .of(newValue) }
    }

    /// Attributes dropped by the span limits.
    public var droppedAttributesCount: Int {
        get { storage.fields.droppedAttributesCount }
        _modify { yield &uniqueStorage().fields.droppedAttributesCount }
        set { uniqueStorage().fields.droppedAttributesCount = newValue }
    }

    /// Events dropped by the span limits.
    public var droppedEventsCount: Int {
        get { storage.fields.droppedEventsCount }
        _modify { yield &uniqueStorage().fields.droppedEventsCount }
        set { uniqueStorage().fields.droppedEventsCount = newValue }
    }

    /// Links dropped by the span limits.
    public var droppedLinksCount: Int {
        get { storage.fields.droppedLinksCount }
        _modify { yield &uniqueStorage().fields.droppedLinksCount }
        set { uniqueStorage().fields.droppedLinksCount = newValue }
    }

    /// The id of the span's trace.
    public var traceId: TraceID { context.traceId }
    /// The span's id.
    public var spanId: SpanID { context.spanId }
    /// From start to end, in nanoseconds (zero when the end is not after the start).
    public var durationNanoseconds: UInt64 { startTime.nanoseconds(until: endTime) }

    /// The value of an attribute, by key.
    /// - Parameter key: the attribute's key.
    /// - Returns: its value; nil when the span has no such attribute.
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

/// The fields of a span, shared by the live ``Span`` (which is its subclass) and the
/// ``FinishedSpan`` values made from it, copy-on-write. Recording into the object that `end`
/// hands over means a span costs one allocation and ending it copies nothing.
///
/// Not for use outside the SDK: it has no public members and cannot be created elsewhere.
public class SpanStorage: @unchecked Sendable {
    // Exclusive access is guaranteed by the span's lock while it records and by copy-on-write
    // afterwards, so the dynamic exclusivity check a class `var` would pay is turned off.
    @exclusivity(unchecked) var fields: FinishedSpan.Fields

    init(_ fields: consuming FinishedSpan.Fields) {
        self.fields = fields
    }
}
