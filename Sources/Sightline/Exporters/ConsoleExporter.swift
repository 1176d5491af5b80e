/// Prints each batch as a readable tree per trace: durations, span type, model, tokens, cost,
/// and the trace's metadata.
///
/// ```
/// trace 5b8aa5a2d2c872e8321cf37308d69df2 · user u-1 · thread conv-9 · labels production
/// └─ handle-message                   12.31 ms
///    ├─ retrieve [rag]                  2.10 ms
///    └─ chat [llm] gpt-4o               8.02 ms  12→5 tokens  $0.000200
/// ```
public struct ConsoleExporter: SpanExporter {
    private let write: @Sendable (String) -> Void

    /// - Parameter write: receives the text of each batch; the default prints to standard output.
    public init(write: (@Sendable (String) -> Void)? = nil) {
        self.write = write ?? { Platform.writeToStandardOutput($0) }
    }

    /// Writes the batch as one tree per trace.
    /// - Parameter batch: the spans to print.
    public func export(_ batch: SpanBatch) async throws {
        write(Self.render(batch.spans))
    }

    /// The text for a set of spans, grouped by trace in order of first appearance.
    /// - Parameter spans: the spans, of any number of traces.
    /// - Returns: the text, one tree per trace.
    public static func render(_ spans: [FinishedSpan]) -> String {
        var traceOrder: [TraceID] = []
        var byTrace: [TraceID: [FinishedSpan]] = [:]
        for span in spans {
            if byTrace[span.traceId] == nil { traceOrder.append(span.traceId) }
            byTrace[span.traceId, default: []].append(span)
        }
        var out = ""
        for traceId in traceOrder {
            let traceSpans = byTrace[traceId]!.sorted { $0.startTime < $1.startTime }
            let root = traceSpans.first(where: \.isLocalRoot) ?? traceSpans.last!
            out += "trace \(traceId.hex)\(describe(root.traceMetadata))\n"
            let present = Set(traceSpans.map(\.spanId))
            var children: [SpanID: [FinishedSpan]] = [:]
            var tops: [FinishedSpan] = []
            for span in traceSpans {
                if let parent = span.parentSpanId, present.contains(parent) {
                    children[parent, default: []].append(span)
                } else {
                    tops.append(span)
                }
            }
            for (index, span) in tops.enumerated() {
                renderTree(span, children: children, prefix: "", isLast: index == tops.count - 1, into: &out)
            }
        }
        return out
    }

    private static func renderTree(_ span: FinishedSpan, children: [SpanID: [FinishedSpan]], prefix: String,
                                   isLast: Bool, into out: inout String) {
        out += prefix + (isLast ? "└─ " : "├─ ") + line(for: span) + "\n"
        let kids = children[span.spanId] ?? []
        for (index, child) in kids.enumerated() {
            renderTree(child, children: children, prefix: prefix + (isLast ? "   " : "│  "),
                       isLast: index == kids.count - 1, into: &out)
        }
    }

    private static func line(for span: FinishedSpan) -> String {
        var label = span.name
        if span.type != .span { label += " [\(span.type.rawValue)]" }
        if let model = span.responseModel ?? span.model { label += " \(model)" }
        var text = label.padding(to: 36) + " " + formatDuration(span.durationNanoseconds).leftPadding(to: 10)
        if let usage = span.usage {
            if usage.inputTokens != nil || usage.outputTokens != nil {
                text += "  \(usage.inputTokens ?? 0)→\(usage.outputTokens ?? 0) tokens"
            }
            if let cost = usage.cost { text += "  $" + formatFixed(cost, decimals: 6) }
        }
        if let ttft = span.timeToFirstChunk {
            text += "  first token " + formatDuration(UInt64(clamping: ttft.components.seconds) * 1_000_000_000
                                                        + UInt64(clamping: ttft.components.attoseconds / 1_000_000_000))
        }
        if case .error(let description) = span.status { text += "  ERROR: \(description)" }
        if !span.labels.isEmpty { text += "  labels " + span.labels.joined(separator: ",") }
        if let output = span.output { text += "  → " + String(output.preview.prefix(60)).replacingNewlines() }
        return text
    }

    private static func describe(_ metadata: TraceMetadata) -> String {
        var parts: [String] = []
        if let user = metadata.userId { parts.append("user \(user)") }
        if let thread = metadata.threadId { parts.append("thread \(thread)") }
        if let customer = metadata.customerId { parts.append("customer \(customer)") }
        if !metadata.labels.isEmpty { parts.append("labels " + metadata.labels.joined(separator: ",")) }
        if !metadata.custom.isEmpty { parts.append("metadata " + JSONValue.object(metadata.custom).jsonString) }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }

    static func formatDuration(_ nanoseconds: UInt64) -> String {
        let ms = Double(nanoseconds) / 1_000_000
        if ms >= 1000 { return formatFixed(ms / 1000, decimals: 2) + " s" }
        return formatFixed(ms, decimals: 2) + " ms"
    }

    /// Fixed-point formatting without Foundation.
    static func formatFixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        let fraction = Int64(scaled - Double(whole) * scale)
        var fractionText = String(fraction)
        while fractionText.count < decimals { fractionText = "0" + fractionText }
        return (value < 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + fractionText : "")
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }

    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
