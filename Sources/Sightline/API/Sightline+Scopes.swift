// The closure-scoped API: a span is active for the duration of a closure, ends when it
// returns, and is marked failed (status + `exception` event) when it throws. The error is
// rethrown unchanged. Each entry point exists as a static function (the bootstrapped SDK,
// or the SDK of the active span) and as an instance method (that SDK).

extension Sightline {
    // MARK: Instance, async

    /// Starts a new trace whose root span is active while `body` runs.
    /// - Parameter metadata: the trace's initial metadata; update it later with ``Trace/update(_:)``.
    public func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        isolation: isolated (any Actor)? = #isolation, _ body: (Trace) async throws -> Result
    ) async rethrows -> Result {
        let span = makeSpan(name: name, type: type, kind: kind, parent: nil, metadata: metadata)
        return try await Self.run(span, isolation: isolation) { try await body($0.trace) }
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none).
    public func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal,
        isolation: isolated (any Actor)? = #isolation, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        let parent = ActiveSpan.current
        if let parent, !parent.isRecording, parent.owner.skipsChildrenOfNonRecording {
            return try await body(parent)
        }
        let span = makeSpan(name: name, type: type, kind: kind, parent: parent, metadata: nil)
        return try await Self.run(span, isolation: isolation, body)
    }

    // MARK: Instance, sync

    /// Starts a new trace whose root span is active while `body` runs.
    public func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        _ body: (Trace) throws -> Result
    ) rethrows -> Result {
        let span = makeSpan(name: name, type: type, kind: kind, parent: nil, metadata: metadata)
        return try Self.run(span) { try body($0.trace) }
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none).
    public func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, _ body: (Span) throws -> Result
    ) rethrows -> Result {
        let parent = ActiveSpan.current
        if let parent, !parent.isRecording, parent.owner.skipsChildrenOfNonRecording {
            return try body(parent)
        }
        let span = makeSpan(name: name, type: type, kind: kind, parent: parent, metadata: nil)
        return try Self.run(span, body)
    }

    // MARK: Static, async

    /// Starts a new trace in the current SDK; its root span is active while `body` runs.
    public static func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        isolation: isolated (any Actor)? = #isolation, _ body: (Trace) async throws -> Result
    ) async rethrows -> Result {
        try await current.withTrace(name, type: type, kind: kind, metadata: metadata, isolation: isolation, body)
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none).
    public static func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal,
        isolation: isolated (any Actor)? = #isolation, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        try await current.withSpan(name, type: type, kind: kind, isolation: isolation, body)
    }

    // MARK: Static, sync

    /// Starts a new trace in the current SDK; its root span is active while `body` runs.
    public static func withTrace<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, metadata: TraceMetadata = TraceMetadata(),
        _ body: (Trace) throws -> Result
    ) rethrows -> Result {
        try current.withTrace(name, type: type, kind: kind, metadata: metadata, body)
    }

    /// Runs `body` in a child span of the active span (or in a new trace when there is none).
    public static func withSpan<Result>(
        _ name: String, type: SpanType = .span, kind: SpanKind = .internal, _ body: (Span) throws -> Result
    ) rethrows -> Result {
        try current.withSpan(name, type: type, kind: kind, body)
    }

    // MARK: Running a span

    private static func run<Result>(
        _ span: Span, isolation: isolated (any Actor)?, _ body: (Span) async throws -> Result
    ) async rethrows -> Result {
        do {
            let result = try await ActiveSpan.$current.withValue(span, operation: { try await body(span) }, isolation: isolation)
            span.end()
            return result
        } catch {
            span.recordError(error)
            span.end()
            throw error
        }
    }

    private static func run<Result>(_ span: Span, _ body: (Span) throws -> Result) rethrows -> Result {
        do {
            let result = try ActiveSpan.$current.withValue(span) { try body(span) }
            span.end()
            return result
        } catch {
            span.recordError(error)
            span.end()
            throw error
        }
    }
}
