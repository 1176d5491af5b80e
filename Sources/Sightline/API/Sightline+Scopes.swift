// The closure-scoped API: a span is active for the duration of a closure, ends when it
// returns, and is marked failed (status + `exception` event) when it throws. The error is
// rethrown unchanged. Each entry point exists as a static function (the SDK of the active
// span, else the bootstrapped one) and as an instance method (that SDK).
//
// The entry points are inlinable so that the generic closure call is specialized in the
// caller's module and the sampled-out path (the parent does not record, so its child is never
// created) costs a task-local read and a branch. A remote parent records nothing either, but
// its children are sampled on their own, so it never takes that path.

extension Sightline {
    // MARK: Instance, async

    /// Starts a new trace in this SDK; its root span is active while `body` runs.
    /// - Parameters:
    ///   - name: the root span's name.
    ///   - type: what the root span stands for; ``SpanType/span`` when it only groups the work.
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/server`` for a request being served.
    ///   - metadata: the trace's initial user, thread, customer, labels and custom metadata;
    ///     update it later with ``Trace/update(_:)``.
    ///   - isolation: the caller's actor, inherited so that `body` runs without a hop.
    ///   - body: the work; it receives the ``Trace``, whose root span is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the root span was marked failed and ended.
    @inlinable
    public func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        isolation: isolated (any Actor)? = #isolation, _ body: (Trace) async throws -> Result
    ) async rethrows -> Result {
        let span = makeSpan(name: name, type: type, kind: kind, parent: nil, metadata: metadata)
        return try await Self.run(span, isolation: isolation) { try await body($0.trace) }
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none),
    /// recorded by this SDK.
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for (``SpanType/llm``, ``SpanType/tool``, …).
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/client`` for a call to a provider.
    ///   - isolation: the caller's actor, inherited so that `body` runs without a hop.
    ///   - body: the work; it receives the ``Span``, which is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the span was marked failed
    ///   (``Span/recordError(_:)``) and ended.
    @inlinable
    public func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal,
        isolation: isolated (any Actor)? = #isolation, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        if isDisabled { return try await body(Sightline.disabledSpan) }
        return try await withSpan(name, type: type, kind: kind, parent: ActiveSpan.current, isolation: isolation, body)
    }

    @inlinable
    func withSpan<Result>(
        _ name: String, type: SpanType, kind: SpanKind, parent: Span?,
        isolation: isolated (any Actor)?, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        if let parent, parent.standsInForChildren {
            return try await body(parent)
        }
        let span = makeSpan(name: name, type: type, kind: kind, parent: parent, metadata: nil)
        return try await Self.run(span, isolation: isolation, body)
    }

    // MARK: Instance, sync

    /// Starts a new trace in this SDK; its root span is active while `body` runs (synchronous
    /// code).
    /// - Parameters:
    ///   - name: the root span's name.
    ///   - type: what the root span stands for; ``SpanType/span`` when it only groups the work.
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/server`` for a request being served.
    ///   - metadata: the trace's initial user, thread, customer, labels and custom metadata;
    ///     update it later with ``Trace/update(_:)``.
    ///   - body: the work; it receives the ``Trace``, whose root span is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the root span was marked failed and ended.
    @inlinable
    public func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        _ body: (Trace) throws -> Result
    ) rethrows -> Result {
        let span = makeSpan(name: name, type: type, kind: kind, parent: nil, metadata: metadata)
        return try Self.run(span) { try body($0.trace) }
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none),
    /// recorded by this SDK (synchronous code).
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for (``SpanType/llm``, ``SpanType/tool``, …).
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/client`` for a call to a provider.
    ///   - body: the work; it receives the ``Span``, which is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the span was marked failed
    ///   (``Span/recordError(_:)``) and ended.
    @inlinable
    public func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, _ body: (Span) throws -> Result
    ) rethrows -> Result {
        if isDisabled { return try body(Sightline.disabledSpan) }
        return try withSpan(name, type: type, kind: kind, parent: ActiveSpan.current, body)
    }

    @inlinable
    func withSpan<Result>(
        _ name: String, type: SpanType, kind: SpanKind, parent: Span?, _ body: (Span) throws -> Result
    ) rethrows -> Result {
        if let parent, parent.standsInForChildren {
            return try body(parent)
        }
        let span = makeSpan(name: name, type: type, kind: kind, parent: parent, metadata: nil)
        return try Self.run(span, body)
    }

    // MARK: Static, async

    /// Starts a new trace in the current SDK; its root span is active while `body` runs.
    ///
    /// The current SDK is the active span's, else the one ``bootstrap(_:)`` made (before that,
    /// a disabled one that records nothing).
    ///
    /// ```swift
    /// let answer = try await Sightline.withTrace("answer question", metadata: TraceMetadata(userId: user.id)) { trace in
    ///     try await assistant.answer(question)
    /// }
    /// ```
    /// - Parameters:
    ///   - name: the root span's name.
    ///   - type: what the root span stands for; ``SpanType/span`` when it only groups the work.
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/server`` for a request being served.
    ///   - metadata: the trace's initial user, thread, customer, labels and custom metadata;
    ///     update it later with ``Trace/update(_:)``.
    ///   - isolation: the caller's actor, inherited so that `body` runs without a hop.
    ///   - body: the work; it receives the ``Trace``, whose root span is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the root span was marked failed and ended.
    @inlinable
    public static func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        isolation: isolated (any Actor)? = #isolation, _ body: (Trace) async throws -> Result
    ) async rethrows -> Result {
        try await current.withTrace(name, type: type, kind: kind, metadata: metadata, isolation: isolation, body)
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none).
    ///
    /// The span ends when `body` returns; when it throws, the span records the error
    /// (status and `exception` event) and the error is rethrown unchanged.
    ///
    /// ```swift
    /// let reply = try await Sightline.withSpan("chat", type: .llm, kind: .client) { span in
    ///     span.model = "gpt-4o"
    ///     span.setInput(.chatMessages(messages))
    ///     let reply = try await client.chat(messages)
    ///     span.usage = TokenUsage(input: reply.inputTokens, output: reply.outputTokens)
    ///     span.setOutput(.text(reply.text))
    ///     return reply
    /// }
    /// ```
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for (``SpanType/llm``, ``SpanType/tool``, …).
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/client`` for a call to a provider.
    ///   - isolation: the caller's actor, inherited so that `body` runs without a hop.
    ///   - body: the work; it receives the ``Span``, which is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the span was marked failed
    ///   (``Span/recordError(_:)``) and ended.
    @inlinable
    public static func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal,
        isolation: isolated (any Actor)? = #isolation, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        let parent = ActiveSpan.current
        return try await (parent?.owner ?? shared).withSpan(name, type: type, kind: kind, parent: parent,
                                                            isolation: isolation, body)
    }

    // MARK: Static, sync

    /// Starts a new trace in the current SDK; its root span is active while `body` runs
    /// (synchronous code).
    /// - Parameters:
    ///   - name: the root span's name.
    ///   - type: what the root span stands for; ``SpanType/span`` when it only groups the work.
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/server`` for a request being served.
    ///   - metadata: the trace's initial user, thread, customer, labels and custom metadata;
    ///     update it later with ``Trace/update(_:)``.
    ///   - body: the work; it receives the ``Trace``, whose root span is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the root span was marked failed and ended.
    @inlinable
    public static func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        _ body: (Trace) throws -> Result
    ) rethrows -> Result {
        try current.withTrace(name, type: type, kind: kind, metadata: metadata, body)
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none)
    /// (synchronous code).
    /// - Parameters:
    ///   - name: the span's name.
    ///   - type: what the span stands for (``SpanType/llm``, ``SpanType/tool``, …).
    ///   - kind: the OpenTelemetry span kind; ``SpanKind/client`` for a call to a provider.
    ///   - body: the work; it receives the ``Span``, which is ``Span/current`` inside.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws, unchanged, after the span was marked failed
    ///   (``Span/recordError(_:)``) and ended.
    @inlinable
    public static func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, _ body: (Span) throws -> Result
    ) rethrows -> Result {
        let parent = ActiveSpan.current
        return try (parent?.owner ?? shared).withSpan(name, type: type, kind: kind, parent: parent, body)
    }

    // MARK: Running a span

    @inlinable
    static func run<Result>(
        _ span: Span, isolation: isolated (any Actor)?, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        do {
            let result = try await ActiveSpan.slot.withValue(span, operation: { try await body(span) }, isolation: isolation)
            span.end()
            return result
        } catch {
            span.recordError(error)
            span.end()
            throw error
        }
    }

    @inlinable
    static func run<Result>(_ span: Span, _ body: (Span) throws -> Result) rethrows -> Result {
        do {
            let result = try ActiveSpan.slot.withValue(span) { try body(span) }
            span.end()
            return result
        } catch {
            span.recordError(error)
            span.end()
            throw error
        }
    }
}
