import Foundation
import Sightline
import SightlineOTLP

/// Traces recorded with the SDK and exported over OTLP/HTTP to a running `sightline serve`:
/// several users, threads and customers, labels and scores, an error, a RAG span, a tool call,
/// a 500-span trace, and a trace whose input, output, user, label and metadata hold script and
/// `onerror` payloads. What the browser test expects to find is written to JSON for it.
struct ViewerFixture: Encodable {
    /// The payloads; each would set `window.__pwned` and the page's title if it ever ran.
    static let scriptPayload = #"<script>window.__pwned = 1; document.title = "pwned"</script>"#
    static let imagePayload = #"<img src=x onerror="window.__pwned = 2; document.title = 'pwned'">"#
    static let hostileUser = #"<img src=x onerror=window.__pwned=3>"#
    static let hostileLabel = #"<script>window.__pwned=4</script>"#
    static let hostileMetaValue = #"javascript:window.__pwned=5"#

    /// Trace ids by the trace's name.
    var traces: [String: String] = [:]
    /// The 500-span trace's spans, in the order the SDK made them.
    var bigTraceSpans: [ExpectedSpan] = []
    var payloads = [scriptPayload, imagePayload, hostileUser, hostileLabel, hostileMetaValue]

    struct ExpectedSpan: Encodable {
        var name: String
        var depth: Int
        var inputTokens: Int?
        var outputTokens: Int?
        var cost: Double?
    }

    /// Records every trace against `endpoint` and waits until the exporter has delivered them.
    static func record(to endpoint: String) async throws -> ViewerFixture {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: endpoint)
        let sightline = Sightline(Configuration(serviceName: "viewer-test", exporter: .otlp(settings),
                                                batch: .init(scheduleDelay: .milliseconds(10))))
        var fixture = ViewerFixture()
        fixture.traces["ana-1"] = conversationTurn(sightline, name: "ana-1", user: "ana", thread: "thread-ana",
                                                   customer: "acme", labels: ["production"],
                                                   custom: ["score": 0.9, "variant": "A"],
                                                   question: "How do refunds work?", answer: "Refunds take 5 days.")
        fixture.traces["ana-2"] = toolCallTurn(sightline)
        fixture.traces["ana-3"] = conversationTurn(sightline, name: "ana-3", user: "ana", thread: "thread-ana",
                                                   customer: "acme", labels: ["production"], custom: ["score": 0.7],
                                                   question: "Thanks, and shipping?", answer: "Shipping is free.")
        fixture.traces["ben-1"] = ragTurn(sightline)
        fixture.traces["ben-error"] = failedTurn(sightline)
        let (bigId, bigSpans) = bigTrace(sightline)
        fixture.traces["cleo-big"] = bigId
        fixture.bigTraceSpans = bigSpans
        fixture.traces["hostile"] = hostileTrace(sightline)
        await sightline.flush()
        await sightline.shutdown()
        return fixture
    }

    private static func conversationTurn(_ sightline: Sightline, name: String, user: String, thread: String,
                                         customer: String, labels: [String], custom: [String: JSONValue],
                                         question: String, answer: String) -> String {
        sightline.withTrace(name, metadata: TraceMetadata(userId: user, threadId: thread, customerId: customer,
                                                          labels: labels, custom: custom)) { trace in
            sightline.withSpan("chat", type: .llm) { span in
                span.model = "gpt-4o"
                span.setInput(.chatMessages([.system("You answer support questions."), .user(question)]))
                span.setOutput(.text(answer))
                span.usage = TokenUsage(input: 20, output: 8, cost: 0.002)
            }
            return trace.id.hex
        }
    }

    private static func toolCallTurn(_ sightline: Sightline) -> String {
        sightline.withTrace("ana-2", metadata: TraceMetadata(userId: "ana", threadId: "thread-ana", customerId: "acme",
                                                            labels: ["production", "beta"], custom: ["score": 0.5])) { trace in
            let call = ToolCall(id: "call-1", name: "lookup_order", arguments: ["order": "A-17"])
            sightline.withSpan("plan", type: .llm) { span in
                span.model = "gpt-4o-mini"
                span.setInput(.chatMessages([.user("Where is order A-17?")]))
                span.setOutput(.chatMessages([.assistant(nil, toolCalls: [call])]))
                span.usage = TokenUsage(input: 15, output: 6, cost: 0.0004)
            }
            sightline.withSpan("lookup_order", type: .tool) { span in
                span.setInput(.json(["order": "A-17"]))
                span.setOutput(.json(["status": "shipped", "eta": "tomorrow"]))
            }
            sightline.withSpan("answer", type: .llm) { span in
                span.model = "gpt-4o-mini"
                span.setInput(.chatMessages([.user("Where is order A-17?"), .assistant(nil, toolCalls: [call]),
                                             .tool(callId: "call-1", #"{"status":"shipped"}"#)]))
                span.setOutput(.text("Order A-17 ships tomorrow."))
                span.usage = TokenUsage(input: 30, output: 7, cost: 0.0006)
            }
            return trace.id.hex
        }
    }

    private static func ragTurn(_ sightline: Sightline) -> String {
        sightline.withTrace("ben-1", metadata: TraceMetadata(userId: "ben", threadId: "thread-ben", customerId: "globex",
                                                            labels: ["beta"], custom: ["score": 0.95])) { trace in
            sightline.withSpan("retrieve", type: .rag) { span in
                span.setInput(.text("warranty length"))
                span.setRAGContexts([RAGContext(documentId: "doc-warranty", content: "The warranty lasts two years.", score: 0.91),
                                     RAGContext(documentId: "doc-returns", content: "Returns within 30 days.", score: 0.42)])
            }
            sightline.withSpan("chat", type: .llm) { span in
                span.model = "claude-sonnet"
                span.setInput(.chatMessages([.user("How long is the warranty?")]))
                span.setOutput(.text("Two years."))
                span.usage = TokenUsage(input: 40, output: 4, cost: 0.003)
            }
            return trace.id.hex
        }
    }

    private struct ModelUnavailable: Error, CustomStringConvertible {
        var description: String { "the model is unavailable" }
    }

    private static func failedTurn(_ sightline: Sightline) -> String {
        sightline.withTrace("ben-error", metadata: TraceMetadata(userId: "ben", threadId: "thread-ben", customerId: "globex",
                                                                custom: ["score": 0.1])) { trace in
            sightline.withSpan("chat", type: .llm) { span in
                span.model = "claude-sonnet"
                span.setInput(.chatMessages([.user("Are you there?")]))
                span.recordError(ModelUnavailable())
            }
            return trace.id.hex
        }
    }

    /// 500 spans: a root, 9 groups under it, 54 steps under each group, and 4 leaves under the
    /// first group's first steps. Every third step is an LLM call with its own tokens and cost.
    private static func bigTrace(_ sightline: Sightline) -> (String, [ExpectedSpan]) {
        var spans: [ExpectedSpan] = [ExpectedSpan(name: "cleo-big", depth: 0)]
        let id = sightline.withTrace("cleo-big", type: .agent,
                                     metadata: TraceMetadata(userId: "cleo", threadId: "thread-cleo", customerId: "initech")) { trace in
            for group in 0..<9 {
                sightline.withSpan("group-\(group)", type: .agent) { _ in
                    spans.append(ExpectedSpan(name: "group-\(group)", depth: 1))
                    for step in 0..<54 {
                        let name = "step-\(group)-\(step)"
                        let isLLM = step % 3 == 0
                        sightline.withSpan(name, type: isLLM ? .llm : .tool) { span in
                            var expected = ExpectedSpan(name: name, depth: 2)
                            if isLLM {
                                span.model = "gpt-4o-mini"
                                let usage = TokenUsage(input: 100 + step, output: 10 + group, cost: Double(step + 1) / 1000)
                                span.usage = usage
                                expected.inputTokens = usage.inputTokens
                                expected.outputTokens = usage.outputTokens
                                expected.cost = usage.cost
                            }
                            spans.append(expected)
                            if group == 0, step < 4 {
                                sightline.withSpan("leaf-\(step)") { _ in spans.append(ExpectedSpan(name: "leaf-\(step)", depth: 3)) }
                            }
                        }
                    }
                }
            }
            return trace.id.hex
        }
        return (id, spans)
    }

    private static func hostileTrace(_ sightline: Sightline) -> String {
        sightline.withTrace("hostile", metadata: TraceMetadata(userId: hostileUser, threadId: "thread-hostile",
                                                              labels: [hostileLabel],
                                                              custom: ["note": .string(imagePayload), "link": .string(hostileMetaValue)])) { trace in
            sightline.withSpan("chat", type: .llm) { span in
                span.model = "gpt-4o"
                span.setInput(.text(scriptPayload))
                span.setOutput(.text(imagePayload))
                span.setAttribute("payload.url", hostileMetaValue)
                span.usage = TokenUsage(input: 1, output: 1, cost: 0.0001)
            }
            return trace.id.hex
        }
    }
}

extension ViewerFixture {
    /// One trace, sent with the collector's API key.
    static func recordOne(to endpoint: String, apiKey: String) async throws {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: endpoint, headers: ["Authorization": "Bearer \(apiKey)"])
        let sightline = Sightline(Configuration(serviceName: "viewer-test", exporter: .otlp(settings),
                                                batch: .init(scheduleDelay: .milliseconds(10))))
        sightline.withTrace("keyed", metadata: TraceMetadata(userId: "kim")) { _ in
            sightline.withSpan("chat", type: .llm) { span in span.model = "gpt-4o" }
        }
        await sightline.flush()
        await sightline.shutdown()
    }
}
