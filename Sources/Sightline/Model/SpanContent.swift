/// The input or output of an LLM-application span.
public enum SpanContent: Sendable, Hashable {
    /// Plain text: a prompt, a completion, a tool's result.
    case text(String)
    /// A conversation, written as GenAI `gen_ai.input.messages` / `gen_ai.output.messages`.
    case chatMessages([ChatMessage])
    /// Any JSON, such as a tool's arguments or a structured answer.
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
        /// The role's name as the provider spells it.
        public var rawValue: String
        /// Makes a role, known or not.
        /// - Parameter rawValue: the role's name (`developer`, …).
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Instructions for the model.
        public static let system = Role(rawValue: "system")
        /// What the person asked.
        public static let user = Role(rawValue: "user")
        /// What the model answered.
        public static let assistant = Role(rawValue: "assistant")
        /// A tool's answer to a call.
        public static let tool = Role(rawValue: "tool")
    }

    /// Who speaks.
    public var role: Role
    /// What was said; nil for an assistant message that only calls tools.
    public var content: String?
    /// Tool calls requested by an assistant message.
    public var toolCalls: [ToolCall]
    /// For a `.tool` message: the id of the call it answers.
    public var toolCallId: String?

    /// Makes a message of any role.
    /// - Parameters:
    ///   - role: who speaks.
    ///   - content: what was said.
    ///   - toolCalls: the tools an assistant message calls.
    ///   - toolCallId: for a tool message, the id of the call it answers.
    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallId: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallId = toolCallId
    }

    /// A system message.
    /// - Parameter content: the instructions.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// A user message.
    /// - Parameter content: what the person asked.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// An assistant message.
    /// - Parameters:
    ///   - content: the answer's text; nil when the message only calls tools.
    ///   - toolCalls: the tools the model calls.
    public static func assistant(_ content: String?, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: content, toolCalls: toolCalls)
    }
    /// A tool's answer.
    /// - Parameters:
    ///   - callId: the id of the ``ToolCall`` it answers.
    ///   - content: the tool's result.
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
    /// The call's id, which the tool's answer quotes.
    public var id: String
    /// The function's name.
    public var name: String
    /// The arguments the model gave.
    public var arguments: JSONValue

    /// Makes a tool call.
    /// - Parameters:
    ///   - id: the call's id.
    ///   - name: the function's name.
    ///   - arguments: the arguments the model gave.
    public init(id: String, name: String, arguments: JSONValue = [:]) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}
