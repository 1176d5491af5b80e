import Foundation
import Sightline
import SightlineCollector
import SightlineTesting
import Testing

/// The interpreter of the interop venv (`SIGHTLINE_INTEROP_PYTHON`, set by Scripts/test.sh).
/// Without it these tests are skipped on a developer machine and fail under CI.
enum PythonSender {
    static let skipReason: Comment = "SIGHTLINE_INTEROP_PYTHON is not set; Scripts/test.sh creates .venv-interop and sets it"

    /// Records a trace with the OpenTelemetry Python SDK and ships it with its OTLP/HTTP
    /// exporter (binary protobuf, gzip, a Bearer key); prints the trace id.
    static let script = #"""
    import json, sys
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.exporter.otlp.proto.http import Compression
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.trace import Status, StatusCode

    endpoint, key = sys.argv[1], sys.argv[2]
    provider = TracerProvider(resource=Resource.create({"service.name": "python-chat"}))
    exporter = OTLPSpanExporter(endpoint=endpoint + "/v1/traces", headers={"Authorization": "Bearer " + key},
                                compression=Compression.Gzip)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracer = provider.get_tracer("python-interop", "1.0")

    with tracer.start_as_current_span("handle-message") as root:
        root.set_attribute("gen_ai.conversation.id", "py-thread")
        root.set_attribute("langwatch.user.id", "py-user")
        root.set_attribute("langwatch.customer.id", "py-customer")
        root.set_attribute("langwatch.labels", ["python", "interop"])
        root.set_attribute("metadata", json.dumps({"variant": "B", "score": 0.9}))
        root.set_attribute("langwatch.input", json.dumps({"type": "text", "value": "What is OTLP?"}))
        root.set_attribute("langwatch.output", json.dumps({"type": "text", "value": "A protocol."}))
        with tracer.start_as_current_span("chat") as chat:
            chat.set_attribute("gen_ai.operation.name", "chat")
            chat.set_attribute("gen_ai.request.model", "gpt-4o")
            chat.set_attribute("gen_ai.usage.input_tokens", 12)
            chat.set_attribute("gen_ai.usage.output_tokens", 5)
        with tracer.start_as_current_span("cached-chat") as cached:
            cached.set_attribute("gen_ai.operation.name", "chat")
            cached.set_attribute("gen_ai.request.model", "claude-sonnet-4-5")
            cached.set_attribute("gen_ai.response.model", "claude-sonnet-4-5-20250929")
            cached.set_attribute("gen_ai.usage.input_tokens", 10000)
            cached.set_attribute("gen_ai.usage.cache_read.input_tokens", 2000)
            cached.set_attribute("gen_ai.usage.cache_creation.input_tokens", 3000)
            cached.set_attribute("gen_ai.usage.output_tokens", 1000)
            cached.set_attribute("gen_ai.usage.reasoning.output_tokens", 400)
            cached.set_attribute("gen_ai.request.stream", True)
            cached.set_attribute("gen_ai.response.time_to_first_chunk", 0.25)
        with tracer.start_as_current_span("house-chat") as house:
            house.set_attribute("gen_ai.operation.name", "chat")
            house.set_attribute("gen_ai.request.model", "house-model-v3")
            house.set_attribute("gen_ai.usage.input_tokens", 50)
        with tracer.start_as_current_span("lookup") as tool:
            tool.set_attribute("gen_ai.operation.name", "execute_tool")
            tool.set_status(Status(StatusCode.ERROR, "lookup failed"))
        trace_id = format(root.get_span_context().trace_id, "032x")

    if not provider.force_flush(10_000):
        sys.exit("the exporter did not flush")
    provider.shutdown()
    print(trace_id)
    """#

    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "the Python sender exited with \(status): \(stderr)" }
    }

    /// Runs the script against `endpoint` and returns the trace id it printed.
    static func sendTrace(to endpoint: String, apiKey: String) async throws -> String {
        let python = try #require(InteropEnvironment.python, "SIGHTLINE_INTEROP_PYTHON is not set: run the tests through Scripts/test.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, endpoint, apiKey]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Waiting blocks a thread: do it off the concurrency pool the server runs on.
        let (printed, errorText) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let printed = output.fileHandleForReading.readDataToEndOfFile()
                let errorText = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (printed, errorText))
            }
        }
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, stderr: String(decoding: errorText, as: UTF8.self))
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A real sender from another SDK: OpenTelemetry Python with its OTLP/HTTP exporter.
@Suite(.enabled(if: InteropEnvironment.shouldRun, PythonSender.skipReason), .timeLimit(.minutes(1)))
struct ServerPythonSenderTests {
    @Test func aTraceFromThePythonSDKIsStoredAndQueryable() async throws {
        try await withCollector(apiKey: "py-key") { collector in
            let traceId = try await PythonSender.sendTrace(to: collector.baseURL, apiKey: "py-key")
            #expect(traceId.count == 32)
            let auth = [("Authorization", "Bearer py-key")]

            let byUser = try await send(.GET, collector.baseURL + "/api/traces?user=py-user", headers: auth)
                .decoded([TraceSummary].self)
            try #require(byUser.count == 1)
            let summary = byUser[0]
            #expect(summary.traceId == traceId)
            #expect(summary.name == "handle-message" && summary.serviceName == "python-chat")
            #expect(summary.spanCount == 5 && summary.errorCount == 1)
            #expect(summary.threadId == "py-thread" && summary.customerId == "py-customer")
            #expect(Set(summary.labels) == ["python", "interop"])
            #expect(summary.metadata == ["variant": "B", "score": 0.9])
            #expect(summary.inputTokens == 12 + 10_000 + 50 && summary.outputTokens == 5 + 1_000)
            #expect(summary.cacheReadTokens == 2_000 && summary.cacheCreationTokens == 3_000 && summary.reasoningTokens == 400)

            for query in ["thread=py-thread", "customer=py-customer", "label=interop", "meta=score%3E0.8"] {
                let found = try await send(.GET, collector.baseURL + "/api/traces?" + query, headers: auth)
                #expect(try found.decoded([TraceSummary].self).map(\.traceId) == [traceId], "\(query)")
            }
            let detail = try await send(.GET, collector.baseURL + "/api/traces/" + traceId, headers: auth).decoded(TraceDetail.self)
            let byName = Dictionary(detail.spans.map { ($0.span.name, $0.span) }, uniquingKeysWith: { first, _ in first })
            #expect(byName["chat"]?.type == .llm && byName["chat"]?.model == "gpt-4o")
            #expect(byName["lookup"]?.type == .tool && byName["lookup"]?.isError == true)
            #expect(byName["lookup"]?.statusMessage == "lookup failed")
            #expect(byName["chat"]?.parentSpanId == byName["handle-message"]?.spanId)

            // The Python SDK reported tokens and no cost: the collector prices them, to the cent
            // of a hand calculation, and says it did.
            // gpt-4o: 12 × $2.50 + 5 × $10 per million.
            let chatCost = try #require(byName["chat"]?.cost)
            #expect(abs(chatCost - (12 * 2.5 + 5 * 10) / 1_000_000) < 1e-12)
            #expect(byName["chat"]?.costComputed == true)
            // claude-sonnet-4-5 (dated): 5,000 plain × $3 + 2,000 cache reads × $0.30 + 3,000 cache
            // writes × $3.75 + 1,000 output × $15 per million.
            let cached = try #require(byName["cached-chat"])
            let cachedCost = try #require(cached.cost)
            #expect(abs(cachedCost - (5_000 * 3 + 2_000 * 0.3 + 3_000 * 3.75 + 1_000 * 15) / 1_000_000) < 1e-12)
            #expect(cached.cacheReadTokens == 2_000 && cached.cacheCreationTokens == 3_000 && cached.reasoningTokens == 400)
            #expect(cached.timeToFirstToken == .milliseconds(250))
            // A model with no price: unknown, not 0, and counted.
            #expect(byName["house-chat"]?.cost == nil && byName["house-chat"]?.costComputed == false)
            #expect(try collector.store.statistics().costsUnknownModel == 1)
            #expect(abs((summary.cost ?? 0) - chatCost - cachedCost) < 1e-12)
            let turns = try await send(.GET, collector.baseURL + "/api/threads/py-thread", headers: auth)
                .decoded([ConversationTurn].self)
            #expect(turns.map(\.traceId) == [traceId])
        }
    }
}
