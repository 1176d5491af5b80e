import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Sightline

/// `POST /chat` answers a question through the LLM at `POST /llm`, which simulates one.
func makeRouter(llmClient: HTTPClient, llmPort: BoundPort, logger: Logger) -> Router<BasicRequestContext> {
    let router = Router()
    // A server span per request; a `traceparent` header makes it the caller's child.
    router.add(middleware: TracingMiddleware())

    router.post("/chat") { request, _ -> Response in
        let question = String(buffer: try await request.body.collect(upTo: 64 * 1024))
        // Who asks, and in which conversation: `POST /chat?user=…&thread=…`.
        let query = request.uri.queryParameters
        Sightline.updateTrace(userId: query["user"].map(String.init) ?? "demo-user",
                              threadId: query["thread"].map(String.init) ?? "demo-thread")
        logger.info("answering", metadata: ["question": "\(question)"])
        let llmURL = "http://127.0.0.1:\(try await llmPort.value)/llm"
        let text = try await askLLM(question, client: llmClient, url: llmURL)
        let answer = ChatAnswer(answer: text, traceId: Trace.current?.id.hex ?? "")
        return try jsonResponse(answer)
    }

    router.post("/llm") { request, _ -> Response in
        let completionRequest = try JSONDecoder().decode(
            CompletionRequest.self, from: Data(buffer: try await request.body.collect(upTo: 64 * 1024)))
        logger.info("completing", metadata: ["model": "\(completionRequest.model)"])
        try await Task.sleep(for: .milliseconds(40))
        let question = completionRequest.messages.last?.content ?? ""
        let text = "A span is one timed operation in a trace; you asked: \(question)"
        return try jsonResponse(Completion(text: text, inputTokens: question.split(separator: " ").count + 8,
                                           outputTokens: text.split(separator: " ").count))
    }
    return router
}

/// The LLM call as an LLM span; the HTTP client's span and the `/llm` server span nest under it.
func askLLM(_ question: String, client: HTTPClient, url: String) async throws -> String {
    let model = "simulated-gpt"
    return try await Sightline.withSpan("chat \(model)", type: .llm) { span in
        span.model = model
        span.provider = "simulated"
        span.setInput(.chatMessages([.system("Answer briefly."), .user(question)]))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(try JSONEncoder().encode(CompletionRequest(
            model: model, messages: [.init(role: "system", content: "Answer briefly."), .init(role: "user", content: question)])))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        guard response.status == .ok else { throw LLMError(status: Int(response.status.code)) }
        let completion = try JSONDecoder().decode(Completion.self, from: Data(buffer: body))
        span.setOutput(.chatMessages([.assistant(completion.text)]))
        span.usage = TokenUsage(input: completion.inputTokens, output: completion.outputTokens)
        return completion.text
    }
}

/// Sends one question to the server, as a caller outside the trace would.
func askOnce(port: Int, question: String) async throws -> ChatAnswer {
    var configuration = HTTPClient.Configuration()
    configuration.tracing.tracer = nil
    let caller = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/chat")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: question))
        let response = try await caller.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        try await caller.shutdown()
        return try JSONDecoder().decode(ChatAnswer.self, from: Data(buffer: body))
    } catch {
        try? await caller.shutdown()
        throw error
    }
}

func jsonResponse(_ value: some Encodable) throws -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"],
             body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
}

struct ChatAnswer: Codable, Sendable {
    var answer: String
    var traceId: String
}

struct CompletionRequest: Codable {
    struct Message: Codable {
        var role: String
        var content: String
    }

    var model: String
    var messages: [Message]
}

struct Completion: Codable {
    var text: String
    var inputTokens: Int
    var outputTokens: Int
}

struct LLMError: Error, CustomStringConvertible {
    let status: Int
    var description: String { "the LLM answered HTTP \(status)" }
}
