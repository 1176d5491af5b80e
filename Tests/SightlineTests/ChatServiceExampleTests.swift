import ChatServiceExample
import Testing
@testable import Sightline

@Suite("The chat service example")
struct ChatServiceExampleTests {
    @Test func everyTurnIsOneTraceWithItsUserThreadAndSteps() async throws {
        let (sdk, exporter) = makeSDK(conventions: [.genAI, .langWatch])
        // The example uses the static API; starting it inside a span of `sdk` routes it there.
        let traceIds = try await sdk.withSpan("test-driver") { _ in
            try await ChatScript.run(ChatService())
        }
        await sdk.flush()
        #expect(traceIds.count == 4)
        #expect(Set(traceIds).count == 4)

        for traceId in traceIds {
            let spans = exporter.spans.filter { $0.traceId == traceId }
            let root = try #require(spans.first { $0.name == "handle-message" })
            #expect(root.isLocalRoot && root.kind == .server && root.type == .workflow)
            #expect(spans.filter { $0 != root }.allSatisfy { $0.parentSpanId == root.spanId })
            #expect(spans.contains { $0.type == .rag && !$0.ragContexts.isEmpty })
            let llm = try #require(spans.first { $0.type == .llm })
            #expect(llm.model == "gpt-4o-mini" && (llm.usage?.cost ?? 0) > 0)
            #expect(llm.attribute("gen_ai.request.model") == .string("gpt-4o-mini"))
            #expect(root.attribute("langwatch.user.id") == .string(root.traceMetadata.userId ?? "missing"))
        }

        let roots = exporter.spans(named: "handle-message")
        #expect(Set(roots.compactMap(\.traceMetadata.userId)) == ["user-ana", "user-ben"])
        #expect(roots.filter { $0.traceMetadata.threadId == "thread-ana-1" }.count == 2)
        let weather = try #require(roots.first { $0.traceMetadata.custom["turn"] == 2 })
        let toolSpans = exporter.spans.filter { $0.traceId == weather.traceId && $0.type == .tool }
        #expect(toolSpans.map(\.name) == ["get_weather"])
        let refund = try #require(roots.first { $0.traceMetadata.userId == "user-ben" })
        #expect(refund.traceMetadata.labels == ["production", "vip", "billing"], "labels added during the trace are merged")
    }
}
