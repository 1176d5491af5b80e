import SightlineCollector

/// `sightline thread ID`: the conversation, one turn (trace) after another.
enum ConversationView {
    static func render(threadId: String, _ turns: [ConversationTurn]) -> String {
        guard !turns.isEmpty else { return "(no traces in thread \(threadId))" }
        var lines = ["thread \(threadId): \(turns.count) turn\(turns.count == 1 ? "" : "s")"]
        for (number, turn) in turns.enumerated() {
            var facts = [Text.time(turn.startTime) + " UTC", Text.duration(from: turn.startTime, to: turn.endTime)]
            let tokens = Text.tokens(input: turn.inputTokens, output: turn.outputTokens)
            if !tokens.isEmpty { facts.append("tokens " + tokens) }
            if turn.cost != nil { facts.append(Text.cost(turn.cost)) }
            if let firstToken = turn.firstTokenTime {
                facts.append("first token " + Text.duration(from: turn.startTime, to: firstToken))
            }
            if turn.isError { facts.append("ERROR") }
            lines.append("")
            lines.append("#\(number + 1)  trace \(turn.traceId)  " + facts.joined(separator: "  "))
            lines.append("  \(turn.userId ?? "user"): " + Text.preview(turn.input.map(ContentText.readable), width: 120))
            lines.append("  assistant: " + Text.preview(turn.output.map(ContentText.readable), width: 120))
        }
        return lines.joined(separator: "\n")
    }
}
