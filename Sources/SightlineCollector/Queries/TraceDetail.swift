/// One trace: its summary and its spans as a tree, whole or one page of them.
public struct TraceDetail: Sendable, Hashable, Codable {
    /// The trace's totals, metadata and evaluations.
    public var summary: TraceSummary
    /// The spans in tree order: each span is followed by its children, siblings by start time.
    /// Spans whose parent is not stored (a partial trace) start trees of their own. A page holds
    /// the spans from ``spanOffset`` of that order.
    public var spans: [TraceSpanNode]
    /// The position in tree order of the first span in ``spans``.
    public var spanOffset: Int
    /// Where the next page starts; nil when ``spans`` reaches the last span.
    public var nextSpanOffset: Int?

    /// Makes a trace detail from its parts.
    /// - Parameters:
    ///   - summary: the trace's totals, metadata and evaluations.
    ///   - spans: the spans in tree order.
    ///   - spanOffset: the position in tree order of the first span in ``spans``.
    ///   - nextSpanOffset: where the next page starts.
    public init(summary: TraceSummary, spans: [TraceSpanNode], spanOffset: Int = 0, nextSpanOffset: Int? = nil) {
        self.summary = summary
        self.spans = spans
        self.spanOffset = spanOffset
        self.nextSpanOffset = nextSpanOffset
    }
}

/// A span and how deep it sits in its trace's tree (0 for a root).
public struct TraceSpanNode: Sendable, Hashable, Codable {
    /// How deep the span sits: 0 for a root.
    public var depth: Int
    /// The span.
    public var span: CollectedSpan

    /// Places a span in its tree.
    /// - Parameters:
    ///   - depth: how deep the span sits.
    ///   - span: the span.
    public init(depth: Int, span: CollectedSpan) {
        self.depth = depth
        self.span = span
    }
}
