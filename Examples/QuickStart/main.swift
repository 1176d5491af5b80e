// The README's quick start, compiled by `swift build` so the README cannot drift from the API.
import Sightline

let sightline = try Sightline.bootstrap(.fromEnvironment(serviceName: "chat-service"))

let traceId = try await Sightline.withTrace(
    "handle-message",
    metadata: TraceMetadata(userId: "u-1", threadId: "conv-9", customerId: "acme",
                            labels: ["production"], custom: ["variant": "B"])
) { trace in
    let documents = await Sightline.withSpan("retrieve", type: .rag) { span in
        let found = [RAGContext(documentId: "doc-1", content: "Refunds take 5 days.")]
        span.setRAGContexts(found)
        return found
    }
    try await Sightline.withSpan("chat", type: .llm) { span in
        span.model = "gpt-4o"
        span.setInput(.chatMessages([.system("Context: \(documents[0].content)"), .user("Hi")]))
        try await Task.sleep(for: .milliseconds(5))   // the model call
        span.setOutput(.text("Hello!"))
        span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
    }
    trace.update(custom: ["score": 0.9])   // shallow merge, any time while the trace runs
    return trace.id
}
print("trace \(traceId.hex) (Laminar form: \(traceId.uuidString))")

await sightline.flush()
await sightline.shutdown()
