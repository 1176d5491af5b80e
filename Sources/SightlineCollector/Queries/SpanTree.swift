import Sightline

/// What ordering a trace's spans as a tree needs of each span.
protocol SpanTreeMember {
    var spanId: String { get }
    var parentSpanId: String? { get }
    var startTime: Timestamp { get }
}

extension CollectedSpan: SpanTreeMember {}

/// A stored span's place in its trace, without its values: what a page of a large trace is
/// chosen by before its spans are read whole.
struct SpanOutline: SpanTreeMember {
    /// The span's row in `spans`.
    let rowId: Int64
    let spanId: String
    let parentSpanId: String?
    let startTime: Timestamp
}

/// The tree order of a trace's spans.
enum SpanTree {
    /// Depth-first, children after their parent, siblings by start time then span id. Spans
    /// whose parent is not among them start trees of their own; spans on a parent cycle, which
    /// no root reaches, follow the tree at depth 0.
    static func order<Member: SpanTreeMember>(_ spans: [Member]) -> [(span: Member, depth: Int)] {
        let ids = Set(spans.map(\.spanId))
        var children: [String: [Member]] = [:]
        var roots: [Member] = []
        for span in spans {
            if let parent = span.parentSpanId, parent != span.spanId, ids.contains(parent) {
                children[parent, default: []].append(span)
            } else {
                roots.append(span)
            }
        }
        func ordered(_ list: [Member]) -> [Member] {
            list.sorted { ($0.startTime, $0.spanId) < ($1.startTime, $1.spanId) }
        }
        var result: [(span: Member, depth: Int)] = []
        result.reserveCapacity(spans.count)
        var visited: Set<String> = []
        // An explicit stack: a deep or cyclic parent chain from a sender cannot overflow it.
        var stack: [(span: Member, depth: Int)] = ordered(roots).reversed().map { ($0, 0) }
        while let (span, depth) = stack.popLast() {
            guard visited.insert(span.spanId).inserted else { continue }
            result.append((span, depth))
            for child in ordered(children[span.spanId] ?? []).reversed() { stack.append((child, depth + 1)) }
        }
        for span in ordered(spans) where !visited.contains(span.spanId) {
            visited.insert(span.spanId)
            result.append((span, 0))
        }
        return result
    }
}
