import Testing
@testable import Sightline

@Suite("Identifiers and values")
struct ModelTests {
    @Test func traceIdHexAndUUIDFormsRoundTrip() throws {
        let id = try #require(TraceID(hex: "4BF92F3577B34DA6A3CE929D0E0E4736"))
        #expect(id.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(id.uuidString == "4bf92f35-77b3-4da6-a3ce-929d0e0e4736")
        #expect(TraceID(uuidString: id.uuidString) == id)
        #expect(TraceID(bytes: id.bytes) == id)
        #expect(id.bytes.first == 0x4b && id.bytes.last == 0x36)
        #expect(TraceID(hex: "xyz") == nil)
        #expect(TraceID(hex: "4bf92f3577b34da6a3ce929d0e0e473g") == nil)
        #expect(TraceID(uuidString: "4bf92f3577b34da6a3ce929d0e0e4736") == nil)
    }

    @Test func jsonValueTakesAPlainInt() {
        let attempts: Int = 3
        let value: JSONValue = .int(attempts)
        #expect(value == .int(Int64(3)))
        #expect(["attempt": .int(attempts)] == ["attempt": 3] as [String: JSONValue])
        #expect(value.jsonString == "3")
    }

    @Test func spanIdHexRoundTrips() throws {
        let id = try #require(SpanID(hex: "00f067aa0ba902b7"))
        #expect(id.hex == "00f067aa0ba902b7")
        #expect(SpanID(bytes: id.bytes) == id)
        #expect(SpanID(hex: "00f067aa0ba902b") == nil)
    }

    @Test func randomIdsAreValidAndDistinct() {
        let traceIds = (0..<10_000).map { _ in TraceID.random() }
        let spanIds = (0..<10_000).map { _ in SpanID.random() }
        #expect(Set(traceIds).count == 10_000 && traceIds.allSatisfy(\.isValid))
        #expect(Set(spanIds).count == 10_000 && spanIds.allSatisfy(\.isValid))
    }

    @Test func jsonEscapesControlCharactersAndKeepsUnicode() {
        let value: JSONValue = ["text": "a\"b\\c\nd\u{1}é😀", "nan": .double(.nan), "big": 12345678901234567]
        #expect(value.jsonString == #"{"big":12345678901234567,"nan":null,"text":"a\"b\\c\nd\u0001é😀"}"#)
    }

    @Test func chatMessagesSerialiseInTheCommonShape() {
        let content = SpanContent.chatMessages([
            .user("What is 2+2?"),
            .assistant(nil, toolCalls: [ToolCall(id: "call-1", name: "calc", arguments: ["expr": "2+2"])]),
            .tool(callId: "call-1", "4"),
        ])
        #expect(content.jsonValue.jsonString == #"[{"content":"What is 2+2?","role":"user"},"#
            + #"{"role":"assistant","tool_calls":[{"function":{"arguments":"{\"expr\":\"2+2\"}","name":"calc"},"id":"call-1","type":"function"}]},"#
            + #"{"content":"4","role":"tool","tool_call_id":"call-1"}]"#)
    }
}

@Suite("Console exporter")
struct ConsoleExporterTests {
    @Test func rendersATreePerTraceWithLLMDetails() async throws {
        let (sdk, exporter) = makeSDK()
        sdk.withTrace("handle-message", metadata: TraceMetadata(userId: "u-1", threadId: "conv-9", labels: ["production"])) { _ in
            Sightline.withSpan("retrieve", type: .rag) { _ in }
            Sightline.withSpan("chat", type: .llm) { span in
                span.model = "gpt-4o"
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                span.setOutput(.text("Hello!"))
            }
        }
        await sdk.flush()
        let text = ConsoleExporter.render(exporter.spans)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("trace ") && lines[0].contains("user u-1 · thread conv-9 · labels production"))
        #expect(lines[1].hasPrefix("└─ handle-message"))
        #expect(lines[2].hasPrefix("   ├─ retrieve [rag]"))
        #expect(lines[3].hasPrefix("   └─ chat [llm] gpt-4o"))
        #expect(lines[3].contains("12→5 tokens") && lines[3].contains("$0.000200") && lines[3].contains("→ Hello!"))
        #expect(lines[3].contains(" ms"))
    }

    @Test func fixedPointFormatting() {
        #expect(ConsoleExporter.formatFixed(0.0002, decimals: 6) == "0.000200")
        #expect(ConsoleExporter.formatFixed(12.345, decimals: 2) == "12.35" || ConsoleExporter.formatFixed(12.345, decimals: 2) == "12.34")
        #expect(ConsoleExporter.formatFixed(-1.5, decimals: 1) == "-1.5")
        #expect(ConsoleExporter.formatDuration(1_500_000) == "1.50 ms")
        #expect(ConsoleExporter.formatDuration(2_000_000_000) == "2.00 s")
    }
}
