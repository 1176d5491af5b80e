import Testing
@testable import Sightline

@Suite struct EvaluationTests {
    @Test func anEvaluationIsTheGenAIEvaluationResultEvent() async throws {
        let (sdk, exporter) = makeSDK()
        sdk.withSpan("answer", type: .llm) { span in
            span.recordEvaluation(name: "faithfulness", score: 0.42, label: "fail", explanation: "cites no source")
            span.recordEvaluation(name: "toxicity", score: 0.01)
        }
        await sdk.flush()
        let events = try #require(exporter.spans.first).events
        #expect(events.map(\.name) == ["gen_ai.evaluation.result", "gen_ai.evaluation.result"])
        #expect(events[0].attributes == [
            Attribute("gen_ai.evaluation.name", "faithfulness"), Attribute("gen_ai.evaluation.score.value", .double(0.42)),
            Attribute("gen_ai.evaluation.score.label", "fail"), Attribute("gen_ai.evaluation.explanation", "cites no source"),
        ])
        #expect(events[1].attributes == [Attribute("gen_ai.evaluation.name", "toxicity"),
                                         Attribute("gen_ai.evaluation.score.value", .double(0.01))])
    }
}
