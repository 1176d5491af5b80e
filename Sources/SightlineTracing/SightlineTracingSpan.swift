import Sightline
import Synchronization
import Tracing

/// A span that a library started through ``SightlineTracer``: the swift-distributed-tracing
/// face of a Sightline span, which records everything and goes through Sightline's pipeline.
///
/// Attributes set through ``attributes`` are kept aside and written to the span when it ends,
/// because the protocol replaces the whole attribute set on every change; the span's other
/// setters (events, links, status, name) apply at once. Inside the span's scope,
/// `Span.current` is the Sightline span, so Sightline's typed setters work on it too.
public struct SightlineTracingSpan: Tracing::Span {
    /// The Sightline span this span records into.
    public let span: Sightline::Span
    /// The context the span was started in, with the span in it: libraries make it current
    /// around the span's work, and ``SightlineTracer`` injects it into outgoing requests.
    public let context: InstrumentationContext
    private let pending: PendingAttributes

    /// A span just started: `context` becomes the parent context with the span in it.
    init(starting span: Sightline::Span, in context: InstrumentationContext) {
        let pending = PendingAttributes()
        var context = context
        context[ActiveSpanEntryKey.self] = ActiveSpanEntry(span: span, pending: pending)
        self.init(span: span, context: context, pending: pending)
    }

    init(span: Sightline::Span, context: InstrumentationContext, pending: PendingAttributes) {
        self.span = span
        self.context = context
        self.pending = pending
    }

    /// The span's name; servers rename their span to the route once it is known.
    public var operationName: String {
        get { span.name }
        nonmutating set { span.name = newValue }
    }

    /// False when the span was sampled out, and once it has ended.
    public var isRecording: Bool { span.isRecording && !span.isEnded }

    /// The attributes set through this protocol; written to the span when it ends.
    public var attributes: SpanAttributes {
        get { pending.state.withLock { $0.attributes } }
        nonmutating set {
            guard span.isRecording else { return }
            let changedAfterEnd = pending.state.withLock { state -> [Attribute] in
                guard state.isEnded else {
                    state.attributes = newValue
                    return []
                }
                return [Attribute](newValue).filter { state.attributes.get($0.key) != newValue.get($0.key) }
            }
            // The span ignores changes made after its end, and counts them.
            for attribute in changedAfterEnd { span.setAttribute(attribute.key, attribute.value) }
        }
    }

    /// Sets the status. As OpenTelemetry specifies, `ok` is final: a later status is ignored.
    /// - Parameter status: ok or error, with its message.
    public func setStatus(_ status: Tracing::SpanStatus) {
        guard span.isRecording, span.status != .ok else { return }
        span.setStatus(Sightline::SpanStatus(status))
    }

    /// Records an event with its own time and attributes.
    /// - Parameter event: the event.
    public func addEvent(_ event: Tracing::SpanEvent) {
        span.addEvent(event.name, attributes: [Attribute](event.attributes),
                      at: Timestamp(nanosecondsSinceEpoch: event.nanosecondsSinceEpoch))
    }

    /// Records an `exception` event (`exception.type`, `exception.message` and `attributes`).
    /// It does not change the status: callers that deem the error a failure set it, as
    /// `Tracer.withSpan` does.
    /// - Parameters:
    ///   - error: the error; its type and description become the event's attributes.
    ///   - attributes: more attributes for the event.
    ///   - instant: when the error happened.
    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes,
                                                    at instant: @autoclosure () -> Instant) {
        guard span.isRecording else { return }
        var eventAttributes = [
            Attribute("exception.type", .string(String(reflecting: type(of: error)))),
            Attribute("exception.message", .string(String(describing: error))),
        ]
        eventAttributes += [Attribute](attributes).filter { $0.key != "exception.type" && $0.key != "exception.message" }
        span.addEvent("exception", attributes: eventAttributes, at: Timestamp(instant()))
    }

    /// Links to the span `link.context` holds. A context that holds no span (nothing was
    /// started or extracted in it) has nothing to link to and is ignored.
    /// - Parameter link: the context of the linked span, and the link's attributes.
    public func addLink(_ link: Tracing::SpanLink) {
        guard let linked = link.context[ActiveSpanEntryKey.self]?.span, linked.context.isValid else { return }
        span.addLink(linked.context, attributes: [Attribute](link.attributes))
    }

    /// Writes the attributes, ends the span at `instant` and hands it to Sightline's pipeline.
    /// Later calls do nothing.
    /// - Parameter instant: when the span ended.
    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        guard span.isRecording else { return }
        let attributes = pending.state.withLock { state -> SpanAttributes? in
            guard !state.isEnded else { return nil }
            state.isEnded = true
            return state.attributes
        }
        guard let attributes else { return }
        for attribute in [Attribute](attributes) { span.setAttribute(attribute.key, attribute.value) }
        span.end(at: Timestamp(instant()))
    }
}

/// The attributes set through ``SightlineTracingSpan/attributes`` until the span ends, shared by
/// every handle on the span (the one `startSpan` returned and those `activeSpan` finds).
final class PendingAttributes: Sendable {
    struct State {
        var attributes = SpanAttributes()
        var isEnded = false
    }

    let state = LockedState(State())
}
