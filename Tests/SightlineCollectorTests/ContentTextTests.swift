import Sightline
import Testing
@testable import SightlineCollector

/// What a person reads for chat content in `trace` and `thread`: the last message's text, and
/// for GenAI's tool parts the call or the tool's answer, never the raw JSON.
@Suite struct ContentTextTests {
    @Test func genAIToolPartsReadAsTheCallOrTheAnswer() throws {
        let call: JSONValue = [["role": "assistant", "parts": [
            ["type": "tool_call", "id": "call-1", "name": "get_weather", "arguments": ["city": "Lisbon"]],
        ]]]
        #expect(ContentText.readable(call.jsonString) == #"get_weather({"city":"Lisbon"})"#)
        let answer: JSONValue = [
            ["role": "user", "parts": [["type": "text", "content": "Weather?"]]],
            ["role": "tool", "parts": [["type": "tool_call_response", "id": "call-1", "response": "sunny"]]],
        ]
        #expect(ContentText.readable(answer.jsonString) == "sunny")
    }

    @Test func theSDKsGenAIMessagesForAToolRoundReadAsText() async throws {
        let spans = try await collectedThroughOTLP(conventions: [.genAI]) { sdk in
            sdk.withSpan("chat", type: .llm) { span in
                span.setInput(.chatMessages([.user("Weather in Lisbon?"),
                                             .assistant(nil, toolCalls: [ToolCall(id: "c1", name: "get_weather", arguments: ["city": "Lisbon"])]),
                                             .tool(callId: "c1", "sunny")]))
                span.setOutput(.chatMessages([.assistant(nil, toolCalls: [ToolCall(id: "c2", name: "book", arguments: [:])])]))
            }
        }
        let chat = try #require(spans.first)
        #expect(chat.input.map(ContentText.readable) == "sunny")
        #expect(chat.output.map(ContentText.readable) == "book({})")
    }
}
