import ChatServiceExample
import Sightline

// A simulated chat service. With no configuration it prints its traces to the console;
// the standard OTEL_* variables redirect it (OTEL_TRACES_EXPORTER=none, an OTLP endpoint, …).
let sightline = try Sightline.bootstrap(.fromEnvironment(serviceName: "chat-service"))

_ = try await ChatScript.run(ChatService()) { turn, message, reply in
    print("[\(turn.userId) · \(turn.threadId)] \(message)\n  → \(reply.text)  (trace \(reply.traceId.hex))")
}

await sightline.shutdown(timeout: .seconds(10))
