import Foundation
import Sightline
import SightlineCollector
import Testing
@testable import sightline

/// `traces --eval` finds traces by their evaluations, and `trace` shows them under the metadata.
@Suite struct EvaluationViewTests {
    @Test func tracesFiltersByEvaluationAndTraceShowsThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.db").path
        let store = try TraceStore(path: path)
        let judged = "5bf92f3577b34da6a3ce929d0e0e4736"
        let passed = "6bf92f3577b34da6a3ce929d0e0e4736"
        func span(_ trace: String, _ score: Double, _ label: String) -> CollectedSpan {
            CollectedSpan(traceId: trace, spanId: "b000000000000001", name: "answer", type: .llm,
                          startTime: Timestamp(millisecondsSinceEpoch: 1_000), endTime: Timestamp(millisecondsSinceEpoch: 1_900),
                          metadata: ["variant": "B"],
                          events: [CollectedEvent(name: "gen_ai.evaluation.result", time: Timestamp(millisecondsSinceEpoch: 1_800),
                                                  attributes: ["gen_ai.evaluation.name": "faithfulness",
                                                               "gen_ai.evaluation.score.value": .double(score),
                                                               "gen_ai.evaluation.score.label": .string(label),
                                                               "gen_ai.evaluation.explanation": "cites a refund window the context lacks"])])
        }
        try store.ingest([span(judged, 0.42, "fail"), span(passed, 0.91, "pass")])
        try store.addEvaluation(traceId: judged, name: "toxicity", label: "pass")

        for (arguments, expected) in [(["--eval", "faithfulness<0.5"], [judged]),
                                      (["--eval", "faithfulness=pass"], [passed]),
                                      (["--eval", "faithfulness>0.4", "--eval", "toxicity=pass"], [judged])] {
            let command = try #require(try SightlineTool.parseAsRoot(["traces", "--db", path] + arguments) as? Traces)
            var filter = TraceFilter()
            filter.evaluations = command.eval
            #expect(try store.traces(filter).map(\.traceId) == expected, "\(arguments)")
        }

        let lines = TraceTreeView.render(try #require(try store.trace(id: judged))).components(separatedBy: "\n")
        let metadata = try #require(lines.firstIndex { $0.hasPrefix("  metadata variant=") })
        #expect(lines[metadata + 1] == "  eval faithfulness  score 0.420  fail  cites a refund window the context lacks  (span b000000000000001)")
        #expect(lines[metadata + 2] == "  eval toxicity  pass  (pushed)")
    }

    @Test func aMalformedEvalIsAnsweredWithTheTracesUsage() {
        let error = #expect(throws: (any Error).self) { try SightlineTool.parseAsRoot(["traces", "--eval", "faithfulness<high"]) }
        let message = error.map { SightlineTool.fullMessage(for: $0) } ?? ""
        #expect(message.contains("Usage: sightline traces"), "\(message)")
        #expect(message.contains("< needs a score"), "\(message)")
    }
}
