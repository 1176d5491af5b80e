/// The input or output of an LLM-application span.
public enum SpanContent: Sendable, Hashable {
    case text(String)
    case chatMessages([ChatMessage])
    case json(JSONValue)

    /// The content as a JSON value: text as a string, messages as `[{role, content, …}]`.
    public var jsonValue: JSONValue {
        switch self {
        case .text(let text): return .string(text)
        case .chatMessages(let messages): return .array(messages.map(\.jsonValue))
        case .json(let value): return value
        }
    }

    /// A one-line preview for consoles and tables.
    public var preview: String {
        switch self {
        case .text(let text): return text
        case .chatMessages(let messages):
            guard let last = messages.last else { return "" }
            let calls = last.toolCalls.map { "\($0.name)(\($0.arguments.jsonString))" }.joined(separator: ", ")
            return "\(last.role.rawValue): " + (last.content ?? calls)
        case .json(let value): return value.jsonString
        }
    }
}

/// One message of a chat conversation.
public struct ChatMessage: Sendable, Hashable {
    /// Who speaks. Unknown roles are kept as they are.
    public struct Role: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let system = Role(rawValue: "system")
        public static let user = Role(rawValue: "user")
        public static let assistant = Role(rawValue: "assistant")
        public static let tool = Role(rawValue: "tool")
    }

    public var role: Role
    public var content: String?
    /// Tool calls requested by an assistant message.
    public var toolCalls: [ToolCall]
    /// For a `.tool` message: the id of the call it answers.
    public var toolCallId: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallId: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    public static func assistant(_ content: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: content, toolCalls: toolCalls)
    }
    public static func tool(callId: String, _ content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallId: callId)
    }

    /// The common chat-completion shape: `{"role", "content", "tool_calls", "tool_call_id"}`.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["role": .string(role.rawValue)]
        if let content { object["content"] = .string(content) }
        if !toolCalls.isEmpty {
            object["tool_calls"] = .array(toolCalls.map { call in
                ["id": .string(call.id), "type": "function",
                 "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonString)]]
            })
        }
        if let toolCallId { object["tool_call_id"] = .string(toolCallId) }
        return .object(object)
    }
}

/// A function call an assistant asks for.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: JSONValue

    public init(id: String, name: String, arguments: JSONValue = [:]) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
