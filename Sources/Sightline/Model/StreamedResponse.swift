/// One piece of a tool call as a streaming API delivers it: the call's position in the reply,
/// and, in the first delta of a call, its id and name; `arguments` are fragments of JSON text
/// to concatenate (OpenAI's and Anthropic's streaming shapes).
public struct ToolCallDelta: Sendable, Hashable {
    /// Which call of the reply this piece belongs to (0 for the first).
    public var index: Int
    /// The call's id, in the call's first delta.
    public var id: String?
    /// The function's name, in the call's first delta.
    public var name: String?
    /// A fragment of the call's JSON arguments.
    public var arguments: String

    /// Makes a delta.
    /// - Parameters:
    ///   - index: which call of the reply it belongs to.
    ///   - id: the call's id (first delta only).
    ///   - name: the function's name (first delta only).
    ///   - arguments: a fragment of the call's JSON arguments.
    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String = "") {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What a streamed LLM call has delivered so far: when its first chunk arrived, its text, and
/// its tool calls put together from their deltas.
struct StreamedResponse: Hashable {
    var firstChunkTime: Timestamp?
    var text = ""
    /// Tool calls by their index in the reply.
    var toolCalls: [Int: PartialToolCall] = [:]

    struct PartialToolCall: Hashable {
        var id: String?
        var name: String?
        var arguments = ""
    }

    mutating func append(text delta: String?, toolCalls deltas: [ToolCallDelta], at time: Timestamp) {
        if firstChunkTime == nil { firstChunkTime = time }
        if let delta { text += delta }
        for delta in deltas {
            var call = toolCalls[delta.index] ?? PartialToolCall()
            if let id = delta.id { call.id = id }
            if let name = delta.name { call.name = name }
            call.arguments += delta.arguments
            toolCalls[delta.index] = call
        }
    }

    /// The output it amounts to: its text, or an assistant message with its tool calls; nil
    /// before anything arrived. Arguments that are not valid JSON (a stream cut mid-call) are
    /// kept as the text that arrived.
    var output: SpanContent? {
        if toolCalls.isEmpty { return firstChunkTime == nil && text.isEmpty ? nil : .text(text) }
        let calls = toolCalls.keys.sorted().map { index -> ToolCall in
            let call = toolCalls[index]!
            let arguments = (try? JSONValue(parsing: call.arguments.utf8)) ?? .string(call.arguments)
            return ToolCall(id: call.id ?? "", name: call.name ?? "", arguments: call.arguments.isEmpty ? [:] : arguments)
        }
        return .chatMessages([.assistant(text.isEmpty ? nil : text, toolCalls: calls)])
    }
}
