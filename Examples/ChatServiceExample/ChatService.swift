import Sightline

/// A simulated chat service, instrumented with Sightline: each message a user sends is one
/// trace with a retrieval step, an LLM call, sometimes a tool call and a second LLM call.
/// Nothing here calls a real model; latencies, tokens and costs are made up but deterministic.
public struct ChatService: Sendable {
    public struct Reply: Sendable {
        public let text: String
        public let traceId: TraceID
    }

    private let knowledgeBase: [RAGContext] = [
        RAGContext(documentId: "kb-refunds", chunkId: "1", content: "Refunds are issued within 5 business days."),
        RAGContext(documentId: "kb-shipping", chunkId: "3", content: "Standard shipping takes 2 to 4 days."),
        RAGContext(documentId: "kb-weather", chunkId: "1", content: "Deliveries may be delayed by storms."),
    ]

    private static let model = "gpt-4o-mini"
    private static let costPerInputToken = 0.000_000_15
    private static let costPerOutputToken = 0.000_000_6

    public init() {}

    /// Handles one user message as one trace and returns the reply with the trace id, which a
    /// caller keeps to push feedback onto the trace later.
    public func handle(message: String, userId: String, threadId: String, customerId: String,
                       labels: [String] = [], history: [ChatMessage] = []) async throws -> Reply {
        let metadata = TraceMetadata(userId: userId, threadId: threadId, customerId: customerId, labels: labels,
                                     custom: ["app_version": "1.4.2", "turn": .int(Int64(history.count / 2 + 1))])
        return try await Sightline.withTrace("handle-message", type: .workflow, kind: .server, metadata: metadata) { trace in
            let documents = await retrieve(for: message)
            var conversation = [ChatMessage.system("You are a helpful support agent. Context: "
                + documents.map(\.content).joined(separator: " "))]
            conversation += history
            conversation.append(.user(message))

            var answer = try await complete(conversation, step: "chat")
            if let call = answer.toolCalls.first {
                let result = try await runTool(call)
                conversation.append(answer)
                conversation.append(.tool(callId: call.id, result.jsonString))
                answer = try await complete(conversation, step: "chat-with-tool-result")
            }
            if message.lowercased().contains("refund") {
                trace.update(labels: ["billing"])
            }
            return Reply(text: answer.content ?? "", traceId: trace.id)
        }
    }

    private func retrieve(for query: String) async -> [RAGContext] {
        await Sightline.withSpan("retrieve-documents", type: .rag) { span in
            span.setInput(.text(query))
            try? await Task.sleep(for: .milliseconds(3))
            let words = Set(query.lowercased().split(separator: " ").map { String($0.filter(\.isLetter)) })
                .filter { $0.count >= 4 }
            let hits = knowledgeBase.filter { document in
                words.contains { document.documentId.contains($0.prefix(5)) }
            }
            let chosen = hits.isEmpty ? [knowledgeBase[1]] : hits
            span.setRAGContexts(chosen)
            span.setOutput(.json(.array(chosen.map { .string($0.documentId) })))
            return chosen
        }
    }

    private func complete(_ messages: [ChatMessage], step: String) async throws -> ChatMessage {
        try await Sightline.withSpan(step, type: .llm, kind: .client) { span in
            span.model = Self.model
            span.provider = "openai"
            span.parameters = RequestParameters(temperature: 0.2, maxTokens: 256)
            span.setInput(.chatMessages(messages))
            try await Task.sleep(for: .milliseconds(8))

            let question = messages.last { $0.role == .user }?.content?.lowercased() ?? ""
            let reply: ChatMessage
            if messages.last?.role == .user, question.contains("weather") {
                reply = .assistant(nil, toolCalls: [ToolCall(id: "call-\(question.count)", name: "get_weather",
                                                             arguments: ["city": "Lisbon"])])
            } else if messages.last?.role == .tool {
                reply = .assistant("It is sunny in Lisbon, so your delivery should arrive on time.")
            } else if question.contains("refund") {
                reply = .assistant("Refunds are issued within 5 business days of the return.")
            } else {
                reply = .assistant("Standard shipping takes 2 to 4 days.")
            }
            let inputTokens = messages.reduce(0) { $0 + ($1.content?.split(separator: " ").count ?? 0) } * 4 / 3
            let outputTokens = max(5, (reply.content?.split(separator: " ").count ?? 0) * 4 / 3)
            span.responseModel = Self.model + "-2024-07-18"
            span.usage = TokenUsage(input: inputTokens, output: outputTokens,
                                    cost: Double(inputTokens) * Self.costPerInputToken + Double(outputTokens) * Self.costPerOutputToken)
            span.setOutput(.chatMessages([reply]))
            return reply
        }
    }

    private func runTool(_ call: ToolCall) async throws -> JSONValue {
        try await Sightline.withSpan(call.name, type: .tool) { span in
            span.setInput(.json(call.arguments))
            try await Task.sleep(for: .milliseconds(2))
            let result: JSONValue = ["city": "Lisbon", "forecast": "sunny", "celsius": 24]
            span.setOutput(.json(result))
            return result
        }
    }
}

/// A scripted set of conversations: several users, threads and customers.
public enum ChatScript {
    public struct Turn: Sendable {
        public let userId: String
        public let threadId: String
        public let customerId: String
        public let labels: [String]
        public let messages: [String]
    }

    public static let conversations: [Turn] = [
        Turn(userId: "user-ana", threadId: "thread-ana-1", customerId: "acme", labels: ["production"],
             messages: ["How long does shipping take?", "What's the weather for my delivery?"]),
        Turn(userId: "user-ben", threadId: "thread-ben-1", customerId: "globex", labels: ["production", "vip"],
             messages: ["I want a refund for my order"]),
        Turn(userId: "user-ana", threadId: "thread-ana-2", customerId: "acme", labels: ["staging"],
             messages: ["Can I get a refund?"]),
    ]

    /// Runs every conversation through `service`, threading history through each turn.
    /// Returns the trace id of every turn in order.
    public static func run(_ service: ChatService, onReply: (Turn, String, ChatService.Reply) -> Void = { _, _, _ in }) async throws -> [TraceID] {
        var traceIds: [TraceID] = []
        for turn in conversations {
            var history: [ChatMessage] = []
            for message in turn.messages {
                let reply = try await service.handle(message: message, userId: turn.userId, threadId: turn.threadId,
                                                     customerId: turn.customerId, labels: turn.labels, history: history)
                history += [.user(message), .assistant(reply.text)]
                traceIds.append(reply.traceId)
                onReply(turn, message, reply)
            }
        }
        return traceIds
    }
}
