/// A span being recorded. Setters are thread-safe and cheap (one lock, no actor hop).
///
/// A span that is not recording (sampled out, or the SDK is disabled) ignores every setter
/// at the cost of one branch. After ``end(at:)`` setters are ignored and counted in
/// ``Diagnostics/Counter/mutationsAfterEnd``; ending twice does nothing.
public final class Span: SpanStorage, @unchecked Sendable {
    /// The trace this span belongs to, shared by all its spans in this process.
    public let trace: Trace
    /// False when the span is sampled out or the SDK is disabled: it records nothing.
    public let isRecording: Bool
    @usableFromInline let owner: Sightline
    /// True when a child of this span would not record either, so `withSpan` hands the body
    /// this span instead of making one: it does not record, its SDK follows the local parent's
    /// decision, and it is local (a remote parent's children are sampled on their own).
    @usableFromInline let standsInForChildren: Bool

    // Unchecked Sendable: `fields` (inherited) and `isEndedFlag` are only touched while `lock`
    // is held, except the identity in `fields`, which never changes (see `context`). The span
    // is itself the storage that `end` hands to the processors.
    private let lock = SpinLock()
    @exclusivity(unchecked) private var isEndedFlag = false

    init(name: String, context: SpanContext, parentSpanId: SpanID?, isLocalRoot: Bool, kind: SpanKind, type: SpanType,
         scope: InstrumentationScope, startTime: Timestamp, trace: Trace, isRecording: Bool, owner: Sightline) {
        self.trace = trace
        self.isRecording = isRecording
        self.owner = owner
        standsInForChildren = !isRecording && owner.skipsChildrenOfNonRecording && !context.isRemote
        var fields = FinishedSpan.Fields.start(name: name, context: context, parentSpanId: parentSpanId,
                                               isLocalRoot: isLocalRoot, kind: kind, type: type, scope: scope,
                                               startTime: startTime)
        if isRecording { fields.attributes.reserveCapacity(8) }
        super.init(fields)
    }

    // The identity lives in the fields only: a live span never changes it (the processors copy
    // the fields before writing while the span is referenced), so it is read without the lock.
    /// The span's identity: its trace id, span id, sampling flag and trace state, which a
    /// child span or an outgoing request (`traceparent`) carries on.
    public var context: SpanContext { fields.context }
    /// The parent's span id; nil when this span starts a trace.
    public var parentSpanId: SpanID? { fields.parentSpanId }

    /// The active span of the current task, if any.
    public static var current: Span? { ActiveSpan.current }

    /// The id of the span's trace (``SpanContext/traceId``).
    public var traceId: TraceID { context.traceId }
    /// The id of this span (``SpanContext/spanId``).
    public var spanId: SpanID { context.spanId }
    /// True once ``end(at:)`` has run; later setters are ignored.
    public var isEnded: Bool { lock.withLock { isEndedFlag } }

    // MARK: Typed fields

    /// The span's name, as the backends list it (`chat`, `retrieve documents`).
    public var name: String {
        get { read { $0.name } }
        set { mutate { $0.name = newValue } }
    }

    /// The OpenTelemetry span kind: ``SpanKind/client`` for a call to a model provider,
    /// ``SpanKind/server`` for a request the program serves.
    public var kind: SpanKind {
        get { read { $0.kind } }
        set { mutate { $0.kind = newValue } }
    }

    /// What the span stands for (an LLM call, a tool, a retrieval, …), written under each
    /// convention's span type key.
    public var type: SpanType {
        get { read { $0.type } }
        set { mutate { $0.type = newValue } }
    }

    /// The model asked for (`gpt-4o`).
    public var model: String? {
        get { read { $0.model } }
        set { mutate { $0.model = newValue } }
    }

    /// The model that answered, when the provider says so.
    public var responseModel: String? {
        get { read { $0.responseModel } }
        set { mutate { $0.responseModel = newValue } }
    }

    /// The provider (`openai`, `anthropic`, …).
    public var provider: String? {
        get { read { $0.provider } }
        set { mutate { $0.provider = newValue } }
    }

    /// The tokens the call used and, when known, its cost; the conventions write them as
    /// `gen_ai.usage.*`.
    public var usage: TokenUsage? {
        get { read { $0.usage } }
        set { mutate { $0.usage = newValue } }
    }

    /// The request's sampling parameters (temperature, maximum tokens, top-p, …).
    public var parameters: RequestParameters? {
        get { read { $0.parameters } }
        set { mutate { $0.parameters = newValue } }
    }

    /// What went into the call, as set by ``setInput(_:)``.
    public var input: SpanContent? { read { $0.input } }
    /// What came out of the call, as set by ``setOutput(_:)`` or put together from the chunks
    /// of a stream when the span ends.
    public var output: SpanContent? { read { $0.output } }
    /// Unset, ok or error; ``recordError(_:)`` and `withSpan` set it on failure.
    public var status: SpanStatus { read { $0.status } }
    /// The attributes set so far, in the order they were first set.
    public var attributes: [Attribute] { read { $0.attributes } }
    /// The events recorded so far.
    public var events: [SpanEvent] { read { $0.events } }
    /// The span's own labels, as added by ``addLabels(_:)``.
    public var labels: [String] { read { $0.labels } }

    /// Records what went into the call: a prompt, chat messages or JSON.
    ///
    /// ```swift
    /// span.setInput(.chatMessages([.system("Be brief."), .user(question)]))
    /// ```
    /// - Parameter content: the input; it is written only when the configuration captures content.
    public func setInput(_ content: SpanContent) { mutate { $0.input = content } }
    /// Records what came out of the call.
    /// - Parameter content: the output; it is written only when the configuration captures content.
    public func setOutput(_ content: SpanContent) { mutate { $0.output = content } }
    /// Records the documents a retrieval found, for a ``SpanType/rag`` span.
    /// - Parameter contexts: the documents, best first; they replace any set before.
    public func setRAGContexts(_ contexts: [RAGContext]) { mutate { $0.ragContexts = contexts } }

    // MARK: Streaming

    /// Marks this call as streamed (`gen_ai.request.stream`) before its first chunk arrives, so
    /// a stream that fails before any chunk is still recorded as one. ``recordChunk(text:toolCalls:at:)``
    /// marks it too.
    public func startStreaming() {
        mutate { fields in
            if fields.stream == nil { fields.stream = StreamedResponse() }
        }
    }

    /// Records one chunk of a streamed response.
    ///
    /// The first chunk sets the time to first token (``FinishedSpan/timeToFirstChunk``). Text is
    /// appended, tool-call deltas are put together by their index. When the span ends without
    /// an output set, what arrived becomes its output: the text, or an assistant message with
    /// the tool calls. A stream that throws or is cancelled midway thus still ends the span with
    /// the chunks it delivered (and, through `withSpan`, the error).
    ///
    /// ```swift
    /// try await Sightline.withSpan("chat", type: .llm) { span in
    ///     span.model = "gpt-4o"
    ///     for try await chunk in client.streamChat(messages) {
    ///         span.recordChunk(text: chunk.delta)
    ///     }
    /// }
    /// ```
    /// - Parameters:
    ///   - text: the chunk's text, appended to what arrived before.
    ///   - toolCalls: the chunk's pieces of tool calls, joined by their index.
    ///   - time: when the chunk arrived; nil means now.
    public func recordChunk(text: String? = nil, toolCalls: [ToolCallDelta] = [], at time: Timestamp? = nil) {
        let time = time ?? .now()
        mutate { fields in
            var stream = fields.stream ?? StreamedResponse()
            fields.stream = nil  // uniquely referenced while appended to: no copy of the text so far
            stream.append(text: text, toolCalls: toolCalls, at: time)
            fields.stream = stream
        }
    }

    /// Adds labels to this span (trace-wide labels belong in ``Trace/update(userId:threadId:customerId:labels:custom:)``).
    /// - Parameter newLabels: the labels; one the span already has is not added twice.
    public func addLabels(_ newLabels: [String]) {
        mutate { data in
            for label in newLabels where !data.labels.contains(label) { data.labels.append(label) }
        }
    }

    /// Sets the span's status; ``recordError(_:)`` sets an error status with an event.
    /// - Parameter status: ``SpanStatus/ok`` or ``SpanStatus/error(description:)``.
    public func setStatus(_ status: SpanStatus) { mutate { $0.status = status } }

    // MARK: Attributes

    /// Sets an attribute; a new key beyond the count limit is dropped and counted, a long
    /// string is truncated to the value-length limit.
    ///
    /// ```swift
    /// span.setAttribute("app.retrieval.top_k", 5)
    /// ```
    /// - Parameters:
    ///   - key: the attribute's key; setting a key again replaces its value.
    ///   - value: the value.
    public func setAttribute(_ key: String, _ value: AttributeValue) {
        guard isRecording else { return }
        let limits = owner.limits
        var bounded = value
        var truncated = false
        if limits.attributeValueLengthLimit != nil {
            (bounded, truncated) = limits.truncating(value)
        }
        var dropped = false
        let applied = lock.withLock { () -> Bool in
            guard !isEndedFlag else { return false }
            if let existing = fields.attributes.firstIndex(where: { $0.key.isSameKey(as: key) }) {
                fields.attributes[existing].value = bounded
            } else if fields.attributes.count < limits.attributeCountLimit {
                fields.attributes.append(Attribute(key, bounded))
            } else {
                fields.droppedAttributesCount += 1
                dropped = true
            }
            return true
        }
        if !applied { owner.diagnostics.increment(.mutationsAfterEnd) }
        if dropped { owner.diagnostics.increment(.attributesDropped) }
        if truncated { owner.diagnostics.increment(.attributeValuesTruncated) }
    }

    // The typed overloads check `isRecording` in the caller's code (inlinable), so a
    // sampled-out span does not even build the value.
    /// Sets a string attribute (see ``setAttribute(_:_:)-(String,AttributeValue)``).
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: the value.
    @inlinable public func setAttribute(_ key: String, _ value: String) {
        if isRecording { setAttribute(key, .string(value)) }
    }
    /// Sets an integer attribute.
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: the value.
    @inlinable public func setAttribute(_ key: String, _ value: Int) {
        if isRecording { setAttribute(key, .int(Int64(value))) }
    }
    /// Sets a floating-point attribute.
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: the value.
    @inlinable public func setAttribute(_ key: String, _ value: Double) {
        if isRecording { setAttribute(key, .double(value)) }
    }
    /// Sets a Boolean attribute.
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: the value.
    @inlinable public func setAttribute(_ key: String, _ value: Bool) {
        if isRecording { setAttribute(key, .bool(value)) }
    }
    /// Sets a string-array attribute (an OTLP array value, not a JSON string).
    /// - Parameters:
    ///   - key: the attribute's key.
    ///   - value: the strings.
    @inlinable public func setAttribute(_ key: String, _ value: [String]) {
        if isRecording { setAttribute(key, .strings(value)) }
    }

    // MARK: Events and links

    /// Records an event; beyond the event limit it is dropped and counted.
    /// - Parameters:
    ///   - name: the event's name (`exception`, `gen_ai.evaluation.result`, …).
    ///   - attributes: its attributes, bounded by the per-event limit.
    ///   - timestamp: when it happened; nil means now.
    public func addEvent(_ name: String, attributes: [Attribute] = [], at timestamp: Timestamp? = nil) {
        guard isRecording else { return }
        let timestamp = timestamp ?? .now()
        let limits = owner.limits
        let bounded = limits.bounded(attributes, limit: limits.attributePerEventCountLimit)
        let event = SpanEvent(name: name, timestamp: timestamp, attributes: bounded.attributes,
                              droppedAttributesCount: bounded.dropped)
        var dropped = false
        mutate { data in
            if data.events.count < limits.eventCountLimit {
                data.events.append(event)
            } else {
                data.droppedEventsCount += 1
                dropped = true
            }
        }
        if dropped {
            owner.diagnostics.increment(.eventsDropped)
        } else {
            owner.diagnostics.increment(.attributesDropped, by: bounded.dropped)
        }
    }

    /// Links this span to another span's context; beyond the link limit it is dropped and counted.
    /// - Parameters:
    ///   - context: the linked span (for instance the request that queued this work).
    ///   - attributes: the link's attributes, bounded by the per-link limit.
    public func addLink(_ context: SpanContext, attributes: [Attribute] = []) {
        guard isRecording else { return }
        let limits = owner.limits
        let bounded = limits.bounded(attributes, limit: limits.attributePerLinkCountLimit)
        let link = SpanLink(context: context, attributes: bounded.attributes, droppedAttributesCount: bounded.dropped)
        var dropped = false
        mutate { data in
            if data.links.count < limits.linkCountLimit {
                data.links.append(link)
            } else {
                data.droppedLinksCount += 1
                dropped = true
            }
        }
        if dropped {
            owner.diagnostics.increment(.linksDropped)
        } else {
            owner.diagnostics.increment(.attributesDropped, by: bounded.dropped)
        }
    }

    /// Marks the span failed and records an `exception` event with the error's type and message.
    ///
    /// `withSpan` calls this when its body throws; call it yourself for an error you handle.
    /// - Parameter error: the error; its description becomes the status message.
    public func recordError(_ error: any Error) {
        let message = String(describing: error)
        addEvent("exception", attributes: [
            Attribute("exception.type", .string(String(reflecting: Swift.type(of: error)))),
            Attribute("exception.message", .string(message)),
        ])
        setStatus(.error(description: message))
    }

    // MARK: Ending

    /// Ends the span and hands it to the processors. Later calls do nothing.
    /// - Parameter endTime: when the span ended; nil means now.
    public func end(at endTime: Timestamp? = nil) {
        guard isRecording else { return }
        let endTime = endTime ?? .now()
        let metadata = trace.snapshot
        let ending = lock.withLock { () -> Bool in
            guard !isEndedFlag else { return false }
            isEndedFlag = true
            fields.endTime = endTime
            fields.traceMetadataSnapshot = metadata
            // Most spans never streamed: one read of the stream field lets them through.
            if let stream = fields.stream, fields.output == nil, let streamed = stream.output { fields.output = streamed }
            return true
        }
        // From here on the fields are frozen: setters see `isEndedFlag`, and the processors
        // copy before changing anything while this span is still referenced.
        let finished: FinishedSpan? = ending ? FinishedSpan(storage: self) : nil
        if let finished { owner.spanEnded(finished) }
    }

    // MARK: Locking helpers

    @inline(__always)
    private func read<Value: Sendable>(_ field: (borrowing FinishedSpan.Fields) -> Value) -> Value {
        lock.withLock { field(fields) }
    }

    @inline(__always)
    private func mutate(_ change: (inout FinishedSpan.Fields) -> Void) {
        guard isRecording else { return }
        let applied = lock.withLock { () -> Bool in
            guard !isEndedFlag else { return false }
            change(&fields)
            return true
        }
        if !applied { owner.diagnostics.increment(.mutationsAfterEnd) }
    }
}

extension String {
    /// Equality with a cheap length check first: most keys on a span differ in length, and
    /// `==` on two different strings takes the slow comparison path.
    @inline(__always)
    func isSameKey(as other: String) -> Bool {
        utf8.count == other.utf8.count && self == other
    }
}
