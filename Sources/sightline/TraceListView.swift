import SightlineCollector

/// `sightline traces` on a terminal: one row per trace, newest first.
enum TraceListView {
    private static let labelsWidth = 24

    static func render(_ traces: [TraceSummary]) -> String {
        guard !traces.isEmpty else { return "(no traces)" }
        var table = TextTable([
            .init("TRACE", maxWidth: 36), .init("STARTED (UTC)"), .init("DURATION", alignRight: true),
            .init("USER", maxWidth: 16), .init("THREAD", maxWidth: 16), .init("LABELS", maxWidth: labelsWidth),
            .init("SPANS", alignRight: true), .init("TOKENS", alignRight: true), .init("COST", alignRight: true),
            .init("INPUT", maxWidth: 40),
        ])
        for trace in traces {
            table.append([
                trace.traceId, Text.time(trace.startTime), Text.duration(from: trace.startTime, to: trace.endTime),
                trace.userId ?? "", trace.threadId ?? "", Text.labels(trace.labels, width: labelsWidth),
                trace.errorCount > 0 ? "\(trace.spanCount) (\(trace.errorCount) err)" : "\(trace.spanCount)",
                Text.tokens(input: trace.inputTokens, output: trace.outputTokens), Text.cost(trace.cost),
                Text.preview(trace.input.map(ContentText.readable)),
            ])
        }
        return table.render()
    }
}
