/// The active span of the current task, captured so it can be restored where task-locals do
/// not flow: detached tasks, callbacks, other threads. See ``Sightline/currentContext``.
public struct SightlineContext: Sendable {
    /// The captured span; nil when no span was active.
    public let span: Span?

    /// Captures a span to restore later.
    /// - Parameter span: the span to make active again; nil for none.
    public init(span: Span?) {
        self.span = span
    }

    /// The captured span's trace.
    public var trace: Trace? { span?.trace }
    /// The captured span's identity, to propagate (for instance as `traceparent`).
    public var spanContext: SpanContext? { span?.context }
}

/// The task-local slot that holds the active span. Child tasks, `async let` and task groups
/// inherit it; detached tasks do not.
@usableFromInline
enum ActiveSpan {
    /// Declared without the `@TaskLocal` macro so the inlinable API can reach it.
    @usableFromInline static let slot = TaskLocal<Span?>(wrappedValue: nil)

    /// The active span: the slot's span, or the span an installed ``ActiveSpanResolver``
    /// finds more recent (one atomic load when none is installed).
    @usableFromInline static var current: Span? {
        let local = slot.get()
        return ActiveSpanResolver.isInstalled ? ActiveSpanResolver.resolveWithInstalled(local) : local
    }
}
