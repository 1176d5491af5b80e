/// The part of a span that crosses process boundaries (W3C Trace Context).
public struct SpanContext: Sendable, Hashable {
    /// The trace's id.
    public var traceId: TraceID
    /// The span's id.
    public var spanId: SpanID
    /// True when the trace was sampled (W3C `trace-flags` bit 0).
    public var isSampled: Bool
    /// The W3C `tracestate` header value, passed through unchanged.
    public var traceState: String
    /// True when this context came from another process.
    public var isRemote: Bool

    /// Makes a span context, for instance from headers read by hand.
    /// - Parameters:
    ///   - traceId: the trace's id.
    ///   - spanId: the span's id.
    ///   - isSampled: whether the trace is recorded.
    ///   - traceState: the W3C `tracestate` value.
    ///   - isRemote: true when the context came from another process.
    public init(traceId: TraceID, spanId: SpanID, isSampled: Bool, traceState: String = "", isRemote: Bool = false) {
        self.traceId = traceId
        self.spanId = spanId
        self.isSampled = isSampled
        self.traceState = traceState
        self.isRemote = isRemote
    }

    /// W3C trace flags byte: `0x01` when sampled.
    public var traceFlags: UInt8 { isSampled ? 1 : 0 }

    /// False when either id is all zeros.
    public var isValid: Bool { traceId.isValid && spanId.isValid }
}
