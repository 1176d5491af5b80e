import Instrumentation
import Sightline

extension InstrumentationContext {
    /// The Sightline span this context designates, as a context to start spans in or to restore
    /// with `Sightline.withContext`: the innermost active span when this is the task's current
    /// context (or holds no span), else the span it holds. Setting it puts that span in this
    /// context, so a library span started in it becomes its child.
    public var sightlineContext: SightlineContext {
        get { SightlineContext(span: ContextBridge.span(designatedBy: self)) }
        set { self[ActiveSpanEntryKey.self] = newValue.span.map { ActiveSpanEntry(span: $0) } }
    }

    /// The W3C baggage that travels with this context: read from incoming `baggage` headers
    /// and written to outgoing ones by ``SightlineTracer``.
    public var w3cBaggage: W3CBaggage? {
        get { self[W3CBaggageKey.self] }
        set { self[W3CBaggageKey.self] = newValue }
    }
}

enum W3CBaggageKey: InstrumentationContextKey {
    typealias Value = W3CBaggage
    static var nameOverride: String? { "w3c.baggage" }
}
