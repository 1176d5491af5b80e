import ChatServiceExample
import Sightline
import SightlineOTLP

// A simulated chat service. With no configuration it prints its traces to the console;
// the standard OTEL_* variables redirect it: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318
// alone sends them over OTLP/HTTP, LANGWATCH_API_KEY or LMNR_PROJECT_API_KEY to LangWatch or
// Laminar, OTEL_TRACES_EXPORTER=none nowhere.
OTLPExporter.register()
let sightline = try Sightline.bootstrap(.fromEnvironment(serviceName: "chat-service"))

_ = try await ChatScript.run(ChatService()) { turn, message, reply in
    print("[\(turn.userId) · \(turn.threadId)] \(message)\n  → \(reply.text)  (trace \(reply.traceId.hex))")
}

await sightline.shutdown(timeout: .seconds(10))
