import Instrumentation
import Sightline

// Two task-locals say which span is active: Sightline's own slot, written by `Sightline.withSpan`
// and `Sightline.withContext`, and swift-distributed-tracing's `InstrumentationContext.current`,
// written by libraries around their spans. Neither side knows the other's, so the bridge keeps
// a note in every context it hands out (`ActiveSpanEntry`): the span, and what Sightline's slot
// held when the note was made. Task-locals nest strictly, so when the slot still holds what it
// held then, nothing was made active on Sightline's side since: the note's span is the
// innermost. When the slot holds anything else, Sightline made that span active inside the
// library's scope, and it wins.

/// The Sightline span a swift-distributed-tracing context stands for.
struct ActiveSpanEntry: Sendable {
    /// A span started through ``SightlineTracer``, or the stand-in for a remote parent.
    let span: Sightline::Span
    /// For spans started through the tracer: the attributes set through the protocol.
    let pending: PendingAttributes?
    /// Sightline's own slot when the entry was made.
    let localWhenMade: Sightline::Span?

    init(span: Sightline::Span, pending: PendingAttributes? = nil) {
        self.span = span
        self.pending = pending
        self.localWhenMade = ActiveSpanResolver.localSpan
    }

    /// True when this entry's span is more recent than `local`, the span in Sightline's slot.
    func isInnermost(comparedTo local: Sightline::Span?) -> Bool {
        local == nil || local === localWhenMade
    }
}

enum ActiveSpanEntryKey: InstrumentationContextKey {
    typealias Value = ActiveSpanEntry
    static var nameOverride: String? { "sightline.span" }
}

enum ContextBridge {
    /// Makes `Sightline.withSpan`, `Span.current` and every other Sightline lookup of the active
    /// span see spans that libraries made active. Once per process.
    static let installed: Void = {
        ActiveSpanResolver.install(ActiveSpanResolver { local in activeSpan(local: local) })
    }()

    /// The innermost span of the current task, from either side.
    static func activeSpan(local: Sightline::Span? = ActiveSpanResolver.localSpan) -> Sightline::Span? {
        guard let entry = InstrumentationContext.current?[ActiveSpanEntryKey.self] else { return local }
        return entry.isInnermost(comparedTo: local) ? entry.span : local
    }

    /// The span that `context` designates as the parent of a new span.
    ///
    /// A context that is (a copy of) the task's current one designates the innermost active
    /// span, which may be a Sightline span started inside the library's. A context passed
    /// explicitly designates its own span. A context without a Sightline span, such as
    /// `.topLevel`, designates the active span: libraries pass `.current ?? .topLevel`.
    static func span(designatedBy context: InstrumentationContext) -> Sightline::Span? {
        guard let entry = context[ActiveSpanEntryKey.self] else { return activeSpan() }
        if let current = InstrumentationContext.current?[ActiveSpanEntryKey.self], current.span === entry.span {
            return activeSpan()
        }
        return entry.span
    }
}
