// A Hummingbird server whose `POST /chat` asks a simulated LLM, reached over HTTP at
// `POST /llm` on the same server. One trace holds the whole request:
//
//   POST /chat (server span, Hummingbird)
//   └─ chat simulated-gpt (Sightline LLM span)
//      └─ POST (client span, async-http-client, traceparent injected)
//         └─ POST /llm (server span, Hummingbird, parent read from traceparent)
//
//   TracedLLMServer                   start, send one question to itself, flush, print the trace id, exit
//   TracedLLMServer --serve [--port N]  serve until SIGTERM or SIGINT (default port 8080), then flush
//
// Spans go to the local collector at the standard OTLP endpoint (http://localhost:4318, see
// `sightline serve`) unless the standard OTEL_* variables say otherwise; then
// `sightline trace <id>` shows the tree.

try await TracedLLMServer.run(ExampleOptions(CommandLine.arguments.dropFirst()))
