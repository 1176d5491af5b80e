import Sightline

/// One trace of a thread seen as a turn of the conversation.
public struct ConversationTurn: Sendable, Hashable, Codable {
    /// The trace this turn is.
    public var traceId: String
    /// When the turn started.
    public var startTime: Timestamp
    /// When it ended.
    public var endTime: Timestamp
    /// Who spoke.
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
    /// True when any span of the turn failed.
    public var isError: Bool
    /// The turn's input tokens, summed over its spans.
    public var inputTokens: Int?
    /// The turn's output tokens, summed over its spans.
    public var outputTokens: Int?
    /// The turn's cost in US dollars, summed over its spans; nil when unknown.
    public var cost: Double?
    /// When the turn's first streamed token arrived (the earliest of its spans'); nil when none streamed.
    public var firstTokenTime: Timestamp?

    /// Makes a turn from its fields.
    /// - Parameters:
    ///   - traceId: the trace this turn is.
    ///   - startTime: when the turn started.
    ///   - endTime: when it ended.
    ///   - userId: who spoke.
    ///   - input: what the user said.
    ///   - inputIsTruncated: whether ``input`` leaves part of the text out.
    ///   - output: what the application answered.
    ///   - outputIsTruncated: whether ``output`` leaves part of the text out.
    ///   - isError: true when any span of the turn failed.
    ///   - inputTokens: the turn's input tokens, summed over its spans.
    ///   - outputTokens: the turn's output tokens, summed over its spans.
    ///   - cost: the turn's cost in US dollars, summed over its spans.
    ///   - firstTokenTime: when the turn's first streamed token arrived (the earliest of its spans').
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
