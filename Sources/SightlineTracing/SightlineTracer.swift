import Sightline
import Synchronization
import Tracing

/// A swift-distributed-tracing `Tracer` that records into a Sightline SDK, so the spans that
/// libraries start (Hummingbird's `TracingMiddleware`, async-http-client, postgres-nio, …) go
/// through Sightline's processors and exporters, in the same traces as Sightline's own spans.
///
/// ```swift
/// let sightline = try Sightline.bootstrap(.fromEnvironment(serviceName: "chat"))
/// InstrumentationSystem.bootstrap(SightlineTracer(sightline))
/// ```
///
/// The active span is shared both ways: a span started with `Sightline.withSpan` inside a
/// library span is its child, and a library span started inside `Sightline.withSpan` is a child
/// of that span, across `async let`, task groups and child tasks alike. As an `Instrument`,
/// the tracer reads and writes the W3C `traceparent`, `tracestate` and `baggage` headers that
/// ``propagators`` enables, so a request that carries a `traceparent` joins the caller's trace.
///
/// Library spans take their instrumentation scope from the module that started them
/// (`Hummingbird`, `AsyncHTTPClient`), and the kind, status, events, links, errors and
/// attributes that the library recorded.
public struct SightlineTracer: Tracer {
    /// The spans this tracer hands to libraries.
    public typealias Span = SightlineTracingSpan

    /// The SDK that records the spans.
    public let sightline: Sightline
    /// The headers ``inject(_:into:using:)`` writes and ``extract(_:into:using:)`` reads.
    public let propagators: Propagators
    private let counters = Counters()

    /// - Parameters:
    ///   - sightline: the SDK that records the spans (usually the one `Sightline.bootstrap` returned).
    ///   - propagators: the headers to read and write; by default those `OTEL_PROPAGATORS` names.
    ///     Its warnings go to the SDK's warning handler.
    public init(_ sightline: Sightline, propagators: Propagators = .fromEnvironment()) {
        _ = ContextBridge.installed
        self.sightline = sightline
        self.propagators = propagators
        let warn = sightline.configuration.warningHandler ?? StandardError.warn
        for warning in propagators.warnings { warn(warning) }
    }

    /// Header values ignored as malformed by ``extract(_:into:using:)``: `traceparent`,
    /// `tracestate`, or `baggage` members.
    public var ignoredHeaders: Int { counters.ignoredHeaders.load(ordering: .relaxed) }

    // MARK: Tracer

    /// Starts a span whose parent is the span `context` designates: the innermost active span
    /// when `context` is the task's current context (or holds no span), else the span that
    /// `context` holds, local or remote.
    /// - Parameters:
    ///   - operationName: the span's name.
    ///   - context: the context to start the span in.
    ///   - kind: the span's kind.
    ///   - instant: when the span started.
    ///   - function: the function that started it (not recorded).
    ///   - fileID: the `#fileID` of the code that started it: its module names the span's
    ///     instrumentation scope.
    ///   - line: the line that started it (not recorded).
    /// - Returns: the span, which the caller ends.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: Tracing::SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> SightlineTracingSpan {
        let context = context()
        let parent = ContextBridge.span(designatedBy: context)
        let span = sightline.startSpan(operationName, kind: Sightline::SpanKind(kind), parent: SightlineContext(span: parent),
                                       scope: Self.scope(fileID: fileID), startTime: Timestamp(instant()))
        return SightlineTracingSpan(starting: span, in: context)
    }

    /// The span started through this tracer that `context` holds.
    /// - Parameter context: a context a span of this tracer was started in, or one derived from it.
    /// - Returns: the span; nil when `context` holds none, or only a remote parent.
    public func activeSpan(identifiedBy context: InstrumentationContext) -> SightlineTracingSpan? {
        guard let entry = context[ActiveSpanEntryKey.self], let pending = entry.pending else { return nil }
        return SightlineTracingSpan(span: entry.span, context: context, pending: pending)
    }

    /// Starts a flush of the SDK and returns at once; `await sightline.flush()` waits for it.
    public func forceFlush() {
        let sightline = self.sightline
        Task { await sightline.flush() }
    }

    // MARK: Instrument

    /// Writes the headers for the span `context` designates (see ``startSpan(_:context:ofKind:at:function:file:line:)``)
    /// and for its baggage.
    /// - Parameters:
    ///   - context: the context whose span and baggage travel.
    ///   - carrier: the outgoing request's headers.
    ///   - injector: writes one header into `carrier`.
    public func inject<Carrier, Inject: Injector>(
        _ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject.Carrier == Carrier {
        let span = ContextBridge.span(designatedBy: context)
        propagators.inject(spanContext: span?.context, baggage: context.w3cBaggage) { name, value in
            injector.inject(value, forKey: name, into: &carrier)
        }
    }

    /// Reads the caller's span (as a remote parent) and baggage into `context`. Malformed
    /// values leave `context` as it was and are counted in ``ignoredHeaders``.
    /// - Parameters:
    ///   - carrier: the incoming request's headers.
    ///   - context: the context to read them into.
    ///   - extractor: reads one header from `carrier`.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        let extracted = propagators.extract(sightline: sightline) { extractor.extract(key: $0, from: carrier) }
        if let remoteParent = extracted.context.span {
            context[ActiveSpanEntryKey.self] = ActiveSpanEntry(span: remoteParent)
        }
        if !extracted.baggage.isEmpty {
            context.w3cBaggage = extracted.baggage
        }
        if extracted.ignoredHeaders > 0 {
            counters.ignoredHeaders.add(extracted.ignoredHeaders, ordering: .relaxed)
        }
    }

    /// The module that started the span, from a `#fileID` such as `Hummingbird/TracingMiddleware.swift`.
    private static func scope(fileID: String) -> InstrumentationScope {
        let bytes = fileID.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > bytes.startIndex else { return tracingScope }
        return InstrumentationScope(name: String(Substring(bytes[..<slash])))
    }

    private static let tracingScope = InstrumentationScope(name: "swift-distributed-tracing")

    private final class Counters: Sendable {
        let ignoredHeaders = Atomic<Int>(0)
    }
}
