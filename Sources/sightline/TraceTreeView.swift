import Sightline
import SightlineCollector

/// `sightline trace ID`: the trace's identity, metadata and evaluations, then its spans as a tree.
enum TraceTreeView {
    static func render(_ detail: TraceDetail) -> String {
        let summary = detail.summary
        var lines = ["trace \(summary.traceId)  \(summary.name)  \(Text.duration(from: summary.startTime, to: summary.endTime))"
                     + "  started \(Text.time(summary.startTime)) UTC" + (summary.serviceName.map { "  service \($0)" } ?? "")]
        let identity = [("user", summary.userId), ("thread", summary.threadId), ("customer", summary.customerId)]
            .compactMap { name, value in value.map { "\(name) \($0)" } }
        if !identity.isEmpty { lines.append("  " + identity.joined(separator: "  ")) }
        if !summary.labels.isEmpty { lines.append("  labels " + summary.labels.joined(separator: ", ")) }
        if !summary.metadata.isEmpty {
            lines.append("  metadata " + summary.metadata.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.jsonString)" }.joined(separator: "  "))
        }
        for evaluation in summary.evaluations { lines.append("  eval " + evaluationLine(evaluation)) }
        lines.append("")
        let depths = detail.spans.map(\.depth)
        for (index, node) in detail.spans.enumerated() {
            lines.append(contentsOf: spanLines(node.span, guides: guides(depths, at: index)))
        }
        return lines.joined(separator: "\n")
    }

    /// For the node at `index` of a pre-order list of depths, one flag per level from 1 to its
    /// own: whether a later node at that level follows before the list climbs above it (so a
    /// vertical guide continues there). Empty for a node at depth 0.
    private static func guides(_ depths: [Int], at index: Int) -> [Bool] {
        guard depths[index] > 0 else { return [] }
        return (1...depths[index]).map { level in
            for later in depths[(index + 1)...] {
                if later < level { return false }
                if later == level { return true }
            }
            return false
        }
    }

    /// `refund-policy  score 0.920  Refunds are processed within five…`: what a retrieval
    /// returned, one document a line.
    private static func documentLine(_ document: RetrievedDocument) -> String {
        var parts = [document.id ?? "(no id)"]
        if let score = document.score { parts.append("score " + Text.decimal(score, places: 3)) }
        if let content = document.content { parts.append(Text.preview(content, width: 80)) }
        return parts.joined(separator: "  ")
    }

    /// `faithfulness  score 0.420  fail  The answer cites a refund window…  (span 9f2c…)`: one
    /// evaluation of the trace; `(pushed)` for one pushed after the trace ended.
    private static func evaluationLine(_ evaluation: TraceEvaluation) -> String {
        var parts = [evaluation.name]
        if let score = evaluation.score { parts.append("score " + Text.decimal(score, places: 3)) }
        if let label = evaluation.label { parts.append(label) }
        if let explanation = evaluation.explanation { parts.append(Text.preview(explanation, width: 80)) }
        parts.append(evaluation.spanId.map { "(span \($0))" } ?? "(pushed)")
        return parts.joined(separator: "  ")
    }

    private static func spanLines(_ span: CollectedSpan, guides: [Bool]) -> [String] {
        let ancestors = guides.dropLast().map { $0 ? "│  " : "   " }.joined()
        let indent = guides.last.map { ancestors + ($0 ? "├─ " : "└─ ") } ?? ""
        // The span's own lines (input, output, documents) start where its name does, which is
        // also where its children's branches start: a child is never left of its parent's details.
        let detailIndent = ancestors + (guides.last.map { $0 ? "│  " : "   " } ?? "")
        var head = [span.name, span.type.rawValue, Text.duration(from: span.startTime, to: span.endTime)]
        if let model = span.responseModel ?? span.model { head.append(model) }
        let tokens = Text.tokens(input: span.inputTokens, output: span.outputTokens)
        if !tokens.isEmpty { head.append("tokens " + tokens) }
        if span.cost != nil {
            head.append(Text.cost(span.cost) + (span.costComputed ? " (from price)" : ""))
        } else if !tokens.isEmpty {
            head.append("cost unknown")
        }
        if let firstToken = span.firstTokenTime {
            head.append("first token " + Text.duration(from: span.startTime, to: firstToken))
        }
        if span.isError { head.append("ERROR" + (span.statusMessage.map { ": \($0)" } ?? "")) }
        var lines = [indent + head.joined(separator: "  ")]
        if let input = span.input { lines.append(detailIndent + "in:  " + Text.preview(ContentText.readable(input), width: 100)) }
        if let output = span.output { lines.append(detailIndent + "out: " + Text.preview(ContentText.readable(output), width: 100)) }
        for document in span.retrievedDocuments { lines.append(detailIndent + "doc: " + documentLine(document)) }
        return lines
    }
}
