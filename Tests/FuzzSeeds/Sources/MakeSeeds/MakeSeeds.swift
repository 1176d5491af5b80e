import Foundation
import Sightline
import SightlineOTLP

/// Writes the OTLP seeds of the fuzz corpora: small requests made by the SDK itself, one trace
/// per convention and one with every convention, in both OTLP encodings, plus one span that
/// uses every part of the OTLP mapping (events, links, remote parent, error status, every
/// attribute value kind). Run from the repository root:
///
///     swift run --package-path Tests/FuzzSeeds --scratch-path .build-fuzz-seeds MakeSeeds Tests/Fuzz/Corpus
@main
struct MakeSeeds {
    static func main() async throws {
        let corpus = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "Tests/Fuzz/Corpus")
        let conventionSets: [(String, [Convention])] = [
            ("genai", [.genAI]), ("langwatch", [.langWatch]), ("laminar", [.laminar]),
            ("openinference", [.openInference]), ("all-conventions", [.genAI, .langWatch, .laminar, .openInference]),
        ]
        var requests: [(String, [FinishedSpan], Resource)] = []
        for (name, conventions) in conventionSets {
            requests.append(("trace-\(name)", try await chatTrace(conventions), Resource(serviceName: "fuzz-seeds")))
        }
        requests.append(("every-field", [everyField()], Resource(serviceName: "fuzz-seeds", extra: [Attribute("host.cores", 2)])))

        for (name, spans, resource) in requests {
            try write(OTLPProtobufEncoder().encode(spans, resource: resource), to: corpus, "FuzzOTLPProtobuf", "\(name).pb")
            try write(OTLPJSONEncoder().encode(spans, resource: resource), to: corpus, "FuzzOTLPJSON", "\(name).json")
        }
    }

    /// A chat turn recorded through the SDK with `conventions`: a workflow root with trace
    /// metadata, a retrieval span and an LLM span with content, usage and parameters.
    static func chatTrace(_ conventions: [Convention]) async throws -> [FinishedSpan] {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(serviceName: "fuzz-seeds", exporter: .custom(exporter), conventions: conventions))
        let metadata = TraceMetadata(userId: "user-1", threadId: "thread-1", customerId: "acme",
                                     labels: ["production"], custom: ["variant": "B", "turn": 2])
        sdk.withTrace("handle-message", type: .workflow, kind: .server, metadata: metadata) { _ in
            sdk.withSpan("retrieve", type: .rag) { span in
                span.setInput(.text("shipping"))
                span.setRAGContexts([RAGContext(documentId: "kb-1", chunkId: "3", content: "2 to 4 days", score: 0.8)])
            }
            sdk.withSpan("chat", type: .llm, kind: .client) { span in
                span.model = "gpt-4o-mini"
                span.provider = "openai"
                span.parameters = RequestParameters(temperature: 0.2, maxTokens: 64)
                span.setInput(.chatMessages([.system("Be brief."), .user("How long is shipping?")]))
                span.setOutput(.chatMessages([.assistant("2 to 4 days.")]))
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
            }
        }
        await sdk.shutdown()
        return exporter.spans
    }

    /// One span with every part of the OTLP mapping and every attribute value kind.
    static func everyField() -> FinishedSpan {
        let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_123_456_789)
        let end = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_223_456_789)
        let context = SpanContext(traceId: TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736),
                                  spanId: SpanID(0x00F0_67AA_0BA9_02B7), isSampled: true, traceState: "rojo=00f067aa0ba902b7")
        let linked = SpanContext(traceId: TraceID(high: 1, low: 2), spanId: SpanID(3), isSampled: true)
        return FinishedSpan(
            name: "every field", context: context, parentSpanId: SpanID(0x1122_3344_5566_7788), kind: .server,
            type: .agent, scope: InstrumentationScope(name: "fuzz", version: "1.0"), startTime: start, endTime: end,
            status: .error(description: "failed"),
            attributes: [
                Attribute("string", "héllo 漢字"), Attribute("bool", true), Attribute("int", .int(.min)),
                Attribute("double", 0.1), Attribute("double.nan", .double(.nan)), Attribute("bytes", .bytes([0, 0xFF])),
                Attribute("array", [1, "two", 3.5, .array([.array([])])]),
                Attribute("kvlist", .keyValueList([Attribute("inner", "value"), Attribute("", .keyValueList([]))])),
                Attribute("langwatch.user.id", "user-2"), Attribute("gen_ai.usage.input_tokens", 7),
            ],
            events: [SpanEvent(name: "exception", timestamp: start, attributes: [Attribute("exception.type", "E")],
                               droppedAttributesCount: 1)],
            links: [SpanLink(context: linked, attributes: [Attribute("kind", "follows")], droppedAttributesCount: 2)])
    }

    static func write(_ bytes: [UInt8], to corpus: URL, _ target: String, _ name: String) throws {
        let folder = corpus.appendingPathComponent(target)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent(name))
        print("\(target)/\(name): \(bytes.count) bytes")
    }
}
