import Testing
@testable import Sightline

@Suite("Redaction")
struct RedactionTests {
    @Test(arguments: [
        ("mail ana.silva+work@example.co.uk now", "mail [email] now"),
        ("pay with 4111 1111 1111 1111.", "pay with [card]."),
        ("card 5500-0000-0000-0004 ok", "card [card] ok"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def", "Authorization: Bearer [secret]"),
        ("key sk-proj-AbCdEf0123456789xyz and AKIAIOSFODNN7EXAMPLE", "key [secret] and [secret]"),
    ])
    func theBuiltInMaskersReplaceWhatTheyFind(text: String, expected: String) {
        var result = text
        for masker in Masker.all { result = masker.apply(result) ?? result }
        #expect(result == expected)
    }

    @Test(arguments: ["order 4111111111111112 shipped", "at 1733312345678901", "not@an address", "user@localhost",
                      "Bearer short", "tasks-list and risk-free", "plain text"])
    func whatIsNotSensitiveStays(text: String) {
        for masker in Masker.all { #expect(masker.apply(text) == nil, "\(masker.name): \(text)") }
    }

    @Test func luhn() {
        #expect(TextScanner.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
        #expect(!TextScanner.passesLuhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
    }

    @Test func everyContentValueIsMaskedBeforeTheConventionsAndCounted() async throws {
        let exporter = InMemoryExporter()
        var config = Configuration(exporter: .custom(exporter), conventions: [.langWatch], batch: .init(scheduleDelay: .milliseconds(10)))
        config.maskers = Masker.all
        let sdk = Sightline(config)
        sdk.withTrace("t", metadata: TraceMetadata(custom: ["contact": "ana@example.com", "n": 3, "nested": ["k": ["bob@example.org"]]])) { _ in
            sdk.withSpan("chat", type: .llm) { span in
                span.setInput(.chatMessages([.user("my card is 4111 1111 1111 1111"),
                                             .assistant(nil, toolCalls: [ToolCall(id: "1", name: "mail", arguments: ["to": "ana@example.com"])])]))
                span.setOutput(.text("use Bearer abcdefghijklmnop"))
                span.setRAGContexts([RAGContext(documentId: "d", content: "owner: carl@example.com")])
            }
        }
        await sdk.flush()
        let chat = try #require(exporter.spans.first { $0.name == "chat" })
        let root = try #require(exporter.spans.first { $0.name == "t" })
        #expect(chat.input == .chatMessages([.user("my card is [card]"),
                                             .assistant(nil, toolCalls: [ToolCall(id: "1", name: "mail", arguments: ["to": "[email]"])])]))
        #expect(chat.output == .text("use Bearer [secret]"))
        #expect(chat.ragContexts.first?.content == "owner: [email]")
        #expect(root.traceMetadata.custom == ["contact": "[email]", "n": 3, "nested": ["k": ["[email]"]]])
        let written = (chat.attributes + root.attributes).map { "\($0.value)" }.joined(separator: "\n")
        for secret in ["4111 1111", "abcdefghijklmnop", "ana@example.com", "carl@example.com", "bob@example.org"] {
            #expect(!written.contains(secret), "\(secret) reached the attributes")
        }
        // card, tool argument, output, RAG document; contact and the nested value on each of the two
        // spans, which both carry the trace's metadata.
        #expect(sdk.diagnostics.value(of: .valuesMasked) == 8)
        await sdk.shutdown()
    }

    @Test func theOTelContentVariableIsHonouredWhenSightlinesIsUnset() {
        #expect(Configuration.fromEnvironment(environment: ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "false"]).captureContent == false)
        #expect(Configuration.fromEnvironment(environment: ["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT": "false",
                                                            "SIGHTLINE_CAPTURE_CONTENT": "true"]).captureContent == true)
        #expect(Configuration.fromEnvironment(environment: [:]).captureContent == true)
    }

    @Test func maskersFromTheEnvironment() {
        #expect(Configuration.fromEnvironment(environment: ["SIGHTLINE_REDACT": "email, secret"]).maskers.map(\.name) == ["email", "secret"])
        #expect(Configuration.fromEnvironment(environment: ["SIGHTLINE_REDACT": "all"]).maskers.map(\.name) == ["email", "card", "secret"])
        let unknown = Configuration.fromEnvironment(environment: ["SIGHTLINE_REDACT": "email,ssn"])
        #expect(unknown.maskers.map(\.name) == ["email"] && unknown.warnings.count == 1)
    }
}
