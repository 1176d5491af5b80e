/// Decides, when a span starts, whether it is recorded and exported.
public protocol Sampler: Sendable, CustomStringConvertible {
    /// Decides whether a span that is starting is recorded.
    /// - Parameters:
    ///   - parent: the parent's context, nil for a root span.
    ///   - traceId: the id of the span's trace.
    ///   - name: the span's name.
    ///   - kind: the span's kind.
    /// - Returns: true to record and export the span.
    func shouldSample(parent: SpanContext?, traceId: TraceID, name: String, kind: SpanKind) -> Bool

    /// True when a child of a non-recording local parent is never recorded, so the SDK may
    /// skip creating it at all (the zero-cost path for spans inside a sampled-out trace).
    var followsLocalParent: Bool { get }
}

extension Sampler {
    /// See ``Sampler/followsLocalParent``.
    public var followsLocalParent: Bool { false }
}

/// Records every span.
public struct AlwaysOnSampler: Sampler {
    /// Makes the sampler.
    public init() {}
    /// See ``Sampler/shouldSample(parent:traceId:name:kind:)``.
    public func shouldSample(parent: SpanContext?, traceId: TraceID, name: String, kind: SpanKind) -> Bool { true }
    /// The sampler's name, as OpenTelemetry SDKs print it.
    public var description: String { "AlwaysOn" }
}

/// Records nothing.
public struct AlwaysOffSampler: Sampler {
    /// Makes the sampler.
    public init() {}
    /// See ``Sampler/shouldSample(parent:traceId:name:kind:)``.
    public func shouldSample(parent: SpanContext?, traceId: TraceID, name: String, kind: SpanKind) -> Bool { false }
    /// See ``Sampler/followsLocalParent``.
    public var followsLocalParent: Bool { true }
    /// The sampler's name, as OpenTelemetry SDKs print it.
    public var description: String { "AlwaysOff" }
}

/// Records a fixed fraction of traces, chosen by trace id so every process that sees the
/// trace makes the same choice (the OpenTelemetry `traceidratio` sampler).
public struct TraceIDRatioSampler: Sampler {
    /// The share of traces recorded, from 0 to 1.
    public let ratio: Double
    private let threshold: UInt64

    /// - Parameter ratio: between 0 and 1; values outside are clamped.
    public init(ratio: Double) {
        let clamped = ratio.isNaN ? 0 : min(max(ratio, 0), 1)
        self.ratio = clamped
        self.threshold = clamped >= 1 ? .max : UInt64(clamped * Double(UInt64.max))
    }

    /// See ``Sampler/shouldSample(parent:traceId:name:kind:)``.
    public func shouldSample(parent: SpanContext?, traceId: TraceID, name: String, kind: SpanKind) -> Bool {
        // The low 8 bytes are the random part of a W3C trace id.
        ratio >= 1 || traceId.low < threshold
    }

    /// The sampler's name, as OpenTelemetry SDKs print it.
    public var description: String { "TraceIDRatio{\(ratio)}" }
}

/// Follows the parent's decision; asks `root` for spans that start a trace. The default sampler.
public struct ParentBasedSampler: Sampler {
    /// The sampler that decides for root spans.
    public let root: any Sampler

    /// Follows the parent's decision, and asks `root` for spans without a parent.
    /// - Parameter root: the sampler for root spans.
    public init(root: any Sampler) {
        self.root = root
    }

    /// See ``Sampler/shouldSample(parent:traceId:name:kind:)``.
    public func shouldSample(parent: SpanContext?, traceId: TraceID, name: String, kind: SpanKind) -> Bool {
        guard let parent, parent.isValid else {
            return root.shouldSample(parent: nil, traceId: traceId, name: name, kind: kind)
        }
        return parent.isSampled
    }

    /// See ``Sampler/followsLocalParent``.
    public var followsLocalParent: Bool { true }
    /// The sampler's name, as OpenTelemetry SDKs print it.
    public var description: String { "ParentBased{root=\(root)}" }
}

extension Sampler where Self == ParentBasedSampler {
    /// `ParentBased(root: AlwaysOn)`: the OpenTelemetry default.
    public static var parentBasedAlwaysOn: ParentBasedSampler { ParentBasedSampler(root: AlwaysOnSampler()) }
}
