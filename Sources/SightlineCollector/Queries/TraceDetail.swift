/// One trace in full: its summary and its spans as a tree.
public struct TraceDetail: Sendable, Hashable, Codable {
    public var summary: TraceSummary
    /// The spans in tree order: each span is followed by its children, siblings by start time.
    /// Spans whose parent is not stored (a partial trace) start trees of their own.
    public var spans: [TraceSpanNode]

    public init(summary: TraceSummary, spans: [TraceSpanNode]) {
        self.summary = summary
        self.spans = spans
    }
}

/// A span and how deep it sits in its trace's tree (0 for a root).
public struct TraceSpanNode: Sendable, Hashable, Codable {
    public var depth: Int
    public var span: CollectedSpan

    public init(depth: Int, span: CollectedSpan) {
        self.depth = depth
        self.span = span
    }
}
