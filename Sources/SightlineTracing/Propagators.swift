#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Sightline

/// Which W3C headers cross process boundaries: `traceparent`/`tracestate` (trace context) and
/// `baggage`. ``SightlineTracer`` uses them through the `Instrument` protocol; code that builds
/// its own requests calls ``inject(_:baggage:into:)`` and ``extract(sightline:_:)``.
public struct Propagators: Sendable, Hashable {
    /// Read and write `traceparent` and `tracestate` (`OTEL_PROPAGATORS` name `tracecontext`).
    public var traceContext: Bool
    /// Read and write `baggage` (`OTEL_PROPAGATORS` name `baggage`).
    public var baggage: Bool
    /// Problems found while reading `OTEL_PROPAGATORS`; ``SightlineTracer`` reports them once.
    public var warnings: [String] = []

    /// Chooses the headers; both by default.
    /// - Parameters:
    ///   - traceContext: read and write `traceparent` and `tracestate`.
    ///   - baggage: read and write `baggage`.
    public init(traceContext: Bool = true, baggage: Bool = true) {
        self.traceContext = traceContext
        self.baggage = baggage
    }

    /// Propagates nothing.
    public static let none = Propagators(traceContext: false, baggage: false)

    /// The propagators `OTEL_PROPAGATORS` lists (comma-separated: `tracecontext`, `baggage`,
    /// `none`); unset or empty means `tracecontext,baggage`. Names Sightline does not implement
    /// (`b3`, `jaeger`, …) are ignored with a warning, and `none` beside other names wins.
    /// - Parameter environment: the variables to read; nil reads the process environment.
    public static func fromEnvironment(_ environment: [String: String]? = nil) -> Propagators {
        let value = environment.map { $0["OTEL_PROPAGATORS"] } ?? getenv("OTEL_PROPAGATORS").map { String(cString: $0) }
        let names = (value ?? "").split(separator: ",").map { $0.trimmingOptionalWhitespace().lowercased() }
            .filter { !$0.isEmpty }
        if names.isEmpty { return Propagators() }
        var propagators = Propagators.none
        var warnings: [String] = []
        for name in names {
            switch name {
            case "tracecontext": propagators.traceContext = true
            case "baggage": propagators.baggage = true
            case "none": break
            default: warnings.append("OTEL_PROPAGATORS: '\(name)' is not supported (tracecontext, baggage, none); ignored")
            }
        }
        if names.contains("none") {
            if names.count > 1 { warnings.append("OTEL_PROPAGATORS lists 'none' beside other propagators; propagating nothing") }
            propagators = .none
        }
        propagators.warnings = warnings
        return propagators
    }

    // MARK: Plain functions

    /// Writes the headers that carry `context`'s span and `baggage` to the next service.
    ///
    /// Nothing is written for a context without a valid span (no span, or a disabled SDK's).
    ///
    /// ```swift
    /// var request = URLRequest(url: url)
    /// Propagators.fromEnvironment().inject { name, value in request.setValue(value, forHTTPHeaderField: name) }
    /// ```
    /// - Parameters:
    ///   - context: the span to continue; the active span by default.
    ///   - baggage: the baggage to send along; nil sends none.
    ///   - setHeader: receives each header name (lowercase) and value.
    /// - Throws: what `setHeader` throws.
    public func inject(_ context: SightlineContext = Sightline.currentContext, baggage: W3CBaggage? = nil,
                       into setHeader: (_ name: String, _ value: String) throws -> Void) rethrows {
        try inject(spanContext: context.spanContext, baggage: baggage, into: setHeader)
    }

    /// Reads a caller's span and baggage from its headers. Malformed values are ignored and
    /// counted in ``ExtractedContext/ignoredHeaders``; they never trap.
    ///
    /// - Parameters:
    ///   - sightline: the SDK that records spans started in the returned context.
    ///   - header: returns the value of a header by its lowercase name (HTTP header names are
    ///     case-insensitive); several lines of one header are joined with commas.
    public func extract(sightline: Sightline = .shared,
                        _ header: (_ name: String) throws -> String?) rethrows -> ExtractedContext {
        var extracted = ExtractedContext(context: SightlineContext(span: nil), baggage: W3CBaggage(), ignoredHeaders: 0)
        if traceContext, let traceparent = try header(W3CTraceContext.traceparentHeader) {
            let tracestate = try header(W3CTraceContext.tracestateHeader)
            if let parent = W3CTraceContext.parse(traceparent: traceparent, tracestate: tracestate) {
                extracted.context = SightlineContext(remoteParent: parent, sightline: sightline)
                if let tracestate, parent.traceState.isEmpty, W3CTraceContext.validTracestate(tracestate) == nil {
                    extracted.ignoredHeaders += 1
                }
            } else {
                extracted.ignoredHeaders += 1
            }
        }
        if baggage, let value = try header(W3CBaggage.header) {
            let (parsed, rejected) = W3CBaggage.parse(value)
            extracted.baggage = parsed
            extracted.ignoredHeaders += rejected
        }
        return extracted
    }

    func inject(spanContext: SpanContext?, baggage: W3CBaggage?,
                into setHeader: (_ name: String, _ value: String) throws -> Void) rethrows {
        if traceContext, let spanContext, spanContext.isValid {
            try setHeader(W3CTraceContext.traceparentHeader, W3CTraceContext.traceparent(spanContext))
            if !spanContext.traceState.isEmpty {
                try setHeader(W3CTraceContext.tracestateHeader, spanContext.traceState)
            }
        }
        if self.baggage, let baggage, !baggage.isEmpty {
            let value = baggage.headerValue
            if !value.isEmpty { try setHeader(W3CBaggage.header, value) }
        }
    }
}

/// What ``Propagators/extract(sightline:_:)`` read from a request's headers.
public struct ExtractedContext: Sendable {
    /// The caller's span as a remote parent (see `SightlineContext.init(remoteParent:sightline:)`),
    /// or an empty context when there was none or it was malformed.
    public var context: SightlineContext
    /// The caller's baggage; empty when there was none.
    public var baggage: W3CBaggage
    /// Header values ignored as malformed: a `traceparent`, a `tracestate`, or `baggage` members.
    public var ignoredHeaders: Int
}
