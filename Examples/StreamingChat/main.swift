// A streamed LLM call: the span learns when the first token arrived and puts the answer
// together from the chunks. The model is simulated, token by token.
//
//   swift run StreamingChat                 # prints the trace, time to first token included
import Sightline

/// A stand-in for a provider's streaming API: the first token after `firstTokenDelay`, then one
/// every `interTokenDelay`.
struct SimulatedModel {
    var firstTokenDelay: Duration = .milliseconds(120)
    var interTokenDelay: Duration = .milliseconds(15)

    func stream(answering question: String) -> AsyncThrowingStream<String, any Error> {
        let tokens = ["Refunds ", "are ", "issued ", "within ", "5 ", "business ", "days."]
        let first = firstTokenDelay
        let next = interTokenDelay
        return AsyncThrowingStream { continuation in
            let producer = Task {
                do {
                    try await Task.sleep(for: first)
                    for (index, token) in tokens.enumerated() {
                        if index > 0 { try await Task.sleep(for: next) }
                        continuation.yield(token)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in producer.cancel() }
        }
    }
}

var configuration = Configuration.fromEnvironment(serviceName: "streaming-chat")
// A price of your own wins over the shipped table (dollars per million tokens).
configuration.modelPrices.set(ModelPrice(input: 0.40, output: 1.60), for: "house-model")
configuration.maskers = [.emailAddresses, .cardNumbers, .secrets]   // before anything leaves the process
let sightline = try Sightline.bootstrap(configuration)
let model = SimulatedModel()

try await Sightline.withTrace("answer", metadata: TraceMetadata(userId: "u-1", threadId: "t-1")) { _ in
    try await Sightline.withSpan("chat", type: .llm) { span in
        span.model = "gpt-4o-mini"
        span.setInput(.chatMessages([.user("How long do refunds take?")]))
        span.startStreaming()
        for try await token in model.stream(answering: "How long do refunds take?") {
            span.recordChunk(text: token)   // the first one sets the time to first token
            print(token, terminator: "")
        }
        print()
        span.usage = TokenUsage(input: 14, output: 7)   // the cost comes from gpt-4o-mini's price
        span.recordEvaluation(name: "faithfulness", score: 0.42, label: "fail",
                              explanation: "The answer cites a refund window the context does not give.")
    }
}

await sightline.flush()
await sightline.shutdown()
