// Pushes a score, a label and (to the local collector) an evaluation onto a finished trace with SightlineClient.
//
//   swift run sightline serve &                  # the local collector on 127.0.0.1:4318
//   swift run PushMetadata                       # records a trace, then pushes onto it
//   LANGWATCH_API_KEY=... swift run PushMetadata  # the same against LangWatch
//   LMNR_PROJECT_API_KEY=... swift run PushMetadata  # or Laminar
import Foundation
import Sightline
import SightlineOTLP

// Where the trace goes, and where the signals that come later go: the same backend.
let environment = ProcessInfo.processInfo.environment
let configuration: Configuration
let backend: SightlineClient.Backend
if let key = environment["LANGWATCH_API_KEY"] {
    configuration = .langWatch(apiKey: key, serviceName: "support-bot")
    backend = .langWatch(apiKey: key)
} else if let key = environment["LMNR_PROJECT_API_KEY"] {
    configuration = .laminar(apiKey: key, serviceName: "support-bot")
    backend = .laminar(apiKey: key)
} else {
    configuration = .local(port: 4318, serviceName: "support-bot")
    backend = .local(port: 4318)   // or .local(baseURL: "http://collector.internal:4318", apiKey: key)
}
let sightline = try Sightline.bootstrap(configuration)

// Keep the trace's id: it is all the client needs later.
let traceId: TraceID = try await Sightline.withTrace(
    "answer-ticket", type: .agent, metadata: TraceMetadata(userId: "u-7", threadId: "ticket-311")
) { trace in
    try await Sightline.withSpan("draft-reply", type: .llm) { span in
        span.model = "gpt-4o-mini"
        span.setInput(.text("My invoice is wrong"))
        try await Task.sleep(for: .milliseconds(5))   // the model call
        span.setOutput(.text("I have corrected it."))
        span.usage = TokenUsage(input: 9, output: 6)
    }
    return trace.id
}
await sightline.flush()   // LangWatch and Laminar answer 404 for a trace they have not received yet

// Later, when a reviewer has read the answer.
let reviews = 3
let client = try SightlineClient(backend: backend)
do {
    try await client.pushMetadata(traceId: traceId, ["score": 0.9, "reviewer": "alice", "reviews": .int(reviews)])
    try await client.addLabels(traceId: traceId, ["reviewed"])
    if case .local = backend {   // LangWatch and Laminar take evaluations on the span only
        try await client.pushEvaluation(traceId: traceId, name: "helpfulness", score: 0.4, label: "poor",
                                        explanation: "answered a different question")
    }
    print("pushed onto trace \(traceId.hex) (UUID form, as Laminar writes it: \(traceId.uuidString))")
} catch let error as SightlineClientError {
    print("could not push onto trace \(traceId.hex): \(error)")
}
await client.shutdown()
await sightline.shutdown()
