import Sightline

/// One trace of a thread seen as a turn of the conversation.
public struct ConversationTurn: Sendable, Hashable, Codable {
    public var traceId: String
    public var startTime: Timestamp
    public var endTime: Timestamp
    public var userId: String?
    /// What the user said: the trace's input as readable text (see ``ContentText``).
    public var input: String?
    /// What the application answered: the trace's output as readable text.
    public var output: String?
    public var isError: Bool
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var cost: Double?
    /// When the turn's first streamed token arrived (the earliest of its spans'); nil when none streamed.
    public var firstTokenTime: Timestamp?

    public init(traceId: String, startTime: Timestamp, endTime: Timestamp, userId: String? = nil,
                input: String? = nil, output: String? = nil, isError: Bool = false, inputTokens: Int? = nil,
                outputTokens: Int? = nil, cost: Double? = nil, firstTokenTime: Timestamp? = nil) {
        self.traceId = traceId
        self.startTime = startTime
        self.endTime = endTime
        self.userId = userId
        self.input = input
        self.output = output
        self.isError = isError
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.firstTokenTime = firstTokenTime
    }
}
