extension Sightline {
    /// The active span of the current task, to carry into a detached task or a callback.
    public static var currentContext: SightlineContext {
        SightlineContext(span: ActiveSpan.current)
    }

    /// Runs `body` with `context`'s span active, as if it ran where the context was captured.
    ///
    /// ```swift
    /// let context = Sightline.currentContext
    /// Task.detached {
    ///     await Sightline.withContext(context) {
    ///         await Sightline.withSpan("background work") { _ in … }   // a child of the captured span
    ///     }
    /// }
    /// ```
    /// - Parameters:
    ///   - context: what ``currentContext`` returned, or a remote parent read from headers.
    ///   - isolation: the caller's actor, inherited so that `body` runs without a hop.
    ///   - body: the work.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public static func withContext<Result>(
        _ context: SightlineContext, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async rethrows -> Result {
        try await ActiveSpan.slot.withValue(context.span, operation: body, isolation: isolation)
    }

    /// Runs `body` with `context`'s span active, as if it ran where the context was captured
    /// (synchronous code).
    /// - Parameters:
    ///   - context: what ``currentContext`` returned, or a remote parent read from headers.
    ///   - body: the work.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public static func withContext<Result>(_ context: SightlineContext, _ body: () throws -> Result) rethrows -> Result {
        try ActiveSpan.slot.withValue(context.span, operation: body)
    }

    /// Starts a span that is not made active: for callback-style code that ends it itself.
    /// Its parent is `parent`'s span, else the active span; without either it starts a trace.
    ///
    /// ```swift
    /// let span = sightline.startSpan("upload", kind: .client)
    /// uploader.start { result in
    ///     if case .failure(let error) = result { span.recordError(error) }
    ///     span.end()
    /// }
    /// ```
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for.
    ///   - kind: the OpenTelemetry span kind.
    ///   - parent: the parent to start under; nil means the active span.
    ///   - metadata: the new trace's metadata, when the span starts a trace.
    ///   - scope: the library that records the span; instrumentation bridges name themselves.
    ///   - startTime: when the span started; nil means now.
    /// - Returns: the span, which the caller must ``Span/end(at:)``.
    public func startSpan(_ name: String, type: SpanType = .span, kind: SpanKind = .internal,
                          parent: SightlineContext? = nil, metadata: TraceMetadata? = nil,
                          scope: InstrumentationScope = .sightline, startTime: Timestamp? = nil) -> Span {
        makeSpan(name: name, type: type, kind: kind, parent: parent?.span ?? ActiveSpan.current, metadata: metadata,
                 scope: scope, startTime: startTime)
    }

    /// ``startSpan(_:type:kind:parent:metadata:scope:startTime:)-method`` on the current SDK.
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for.
    ///   - kind: the OpenTelemetry span kind.
    ///   - parent: the parent to start under; nil means the active span.
    ///   - metadata: the new trace's metadata, when the span starts a trace.
    ///   - scope: the library that records the span.
    ///   - startTime: when the span started; nil means now.
    /// - Returns: the span, which the caller must ``Span/end(at:)``.
    public static func startSpan(_ name: String, type: SpanType = .span, kind: SpanKind = .internal,
                                 parent: SightlineContext? = nil, metadata: TraceMetadata? = nil,
                                 scope: InstrumentationScope = .sightline, startTime: Timestamp? = nil) -> Span {
        current.startSpan(name, type: type, kind: kind, parent: parent, metadata: metadata, scope: scope,
                          startTime: startTime)
    }

    /// Merges metadata into the current trace. With no trace in the current context nothing
    /// is attached: that is counted in ``Diagnostics/Counter/traceUpdatesOutsideTrace`` and
    /// warned about once, rather than ignored silently.
    ///
    /// ```swift
    /// Sightline.updateTrace(userId: request.userId, labels: ["beta"])
    /// ```
    /// - Parameters:
    ///   - userId: the user, replacing any set before.
    ///   - threadId: the conversation, replacing any set before.
    ///   - customerId: the customer, replacing any set before.
    ///   - labels: labels added to the trace's.
    ///   - custom: custom metadata, replacing the trace's key by key.
    public static func updateTrace(userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
                                   labels: [String] = [], custom: [String: JSONValue] = [:]) {
        current.updateTrace(userId: userId, threadId: threadId, customerId: customerId, labels: labels, custom: custom)
    }

    /// Merges metadata into the current trace, counting and warning when there is none.
    /// - Parameters:
    ///   - userId: the user, replacing any set before.
    ///   - threadId: the conversation, replacing any set before.
    ///   - customerId: the customer, replacing any set before.
    ///   - labels: labels added to the trace's.
    ///   - custom: custom metadata, replacing the trace's key by key.
    public func updateTrace(userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
                            labels: [String] = [], custom: [String: JSONValue] = [:]) {
        guard let trace = Trace.current else {
            diagnostics.increment(.traceUpdatesOutsideTrace)
            diagnostics.warnOnce("update-outside-trace",
                                 "updateTrace called outside any trace: the metadata was not attached (counted in diagnostics.traceUpdatesOutsideTrace)")
            return
        }
        trace.update(userId: userId, threadId: threadId, customerId: customerId, labels: labels, custom: custom)
    }
}
