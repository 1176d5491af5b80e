import Sightline

/// One trace of a thread seen as a turn of the conversation.
public struct ConversationTurn: Sendable, Hashable, Codable {
    public var traceId: String
    public var startTime: Timestamp
    public var endTime: Timestamp
    public var userId: String?
    /// The most characters a turn's input or output carries: a thread of turns with megabytes
    /// of text each is read a turn at a time, from the trace's spans.
    public static let textLimit = 4_000

    /// What the user said: the trace's input as readable text (see ``ContentText``), its first
    /// ``textLimit`` characters.
    public var input: String?
    /// Whether ``input`` leaves part of the text out.
    public var inputIsTruncated: Bool
    /// What the application answered: the trace's output as readable text, as ``input``.
    public var output: String?
    /// Whether ``output`` leaves part of the text out.
    public var outputIsTruncated: Bool
    public var isError: Bool
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var cost: Double?
    /// When the turn's first streamed token arrived (the earliest of its spans'); nil when none streamed.
    public var firstTokenTime: Timestamp?

    public init(traceId: String, startTime: Timestamp, endTime: Timestamp, userId: String? = nil,
                input: String? = nil, inputIsTruncated: Bool = false, output: String? = nil,
                outputIsTruncated: Bool = false, isError: Bool = false, inputTokens: Int? = nil,
                outputTokens: Int? = nil, cost: Double? = nil, firstTokenTime: Timestamp? = nil) {
        self.traceId = traceId
        self.startTime = startTime
        self.endTime = endTime
        self.userId = userId
        self.input = input
        self.inputIsTruncated = inputIsTruncated
        self.output = output
        self.outputIsTruncated = outputIsTruncated
        self.isError = isError
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.firstTokenTime = firstTokenTime
    }
}

extension ConversationTurn {
    /// `text` cut to ``textLimit`` characters, and whether it was.
    static func bounded(_ text: String?) -> (text: String?, isTruncated: Bool) {
        guard let text, let end = text.index(text.startIndex, offsetBy: textLimit, limitedBy: text.endIndex),
              end != text.endIndex else { return (text, false) }
        return (String(text[..<end]), true)
    }
}
