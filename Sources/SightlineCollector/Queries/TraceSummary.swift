import Sightline

/// One trace as a list row: its totals and its merged trace-level values.
public struct TraceSummary: Sendable, Hashable, Codable {
    /// The trace id in its canonical text form (see ``TraceIdentifier``).
    public var traceId: String
    /// The root span's name (or, before the root arrives, the earliest span's).
    public var name: String
    /// The service that sent the root span (or the earliest span).
    public var serviceName: String?
    /// The earliest start of any of its spans.
    public var startTime: Timestamp
    /// The latest end of any of its spans.
    public var endTime: Timestamp
    /// From ``startTime`` to ``endTime``.
    public var durationNanoseconds: UInt64
    /// Spans stored for the trace.
    public var spanCount: Int
    /// Spans whose status is an error.
    public var errorCount: Int
    /// The user the trace served.
    public var userId: String?
    /// The conversation it belongs to.
    public var threadId: String?
    /// The user's customer or tenant.
    public var customerId: String?
    /// Sorted.
    public var labels: [String]
    /// Custom metadata, merged over the spans and the pushes.
    public var metadata: [String: JSONValue]
    /// Sums over the spans that reported them; nil when none did.
    public var inputTokens: Int?
    /// Output tokens, summed over the spans that reported them.
    public var outputTokens: Int?
    /// Cost in US dollars, summed over the spans that reported or were priced; nil when none was.
    public var cost: Double?
    /// The root span's input; else the earliest-starting LLM span's; else, with no LLM span
    /// that has one, the earliest-starting span's (text or JSON text), when it has at most 300
    /// characters; else a preview: the first 300 characters of its readable text (the last chat
    /// message's), and ``inputIsTruncated``. The whole value is the span's own `input`, in
    /// ``TraceDetail/spans``.
    public var input: String?
    /// Whether ``input`` is a preview that leaves part of the value out.
    public var inputIsTruncated: Bool
    /// The root span's output; else the latest-ending LLM span's; else, with no LLM span that
    /// has one, the latest-ending span's; or its preview, as ``input``.
    public var output: String?
    /// Whether ``output`` is a preview that leaves part of the value out.
    public var outputIsTruncated: Bool
    /// The models its spans asked for or were answered by, sorted.
    public var models: [String]
    /// Prompt-cache reads and writes and reasoning tokens, summed over the spans that reported
    /// them (part of ``inputTokens`` and ``outputTokens``); nil when none did.
    public var cacheReadTokens: Int?
    /// Prompt-cache writes, summed as ``cacheReadTokens``.
    public var cacheCreationTokens: Int?
    /// Reasoning tokens, summed as ``cacheReadTokens``.
    public var reasoningTokens: Int?
    /// Every evaluation of the trace (its spans' `gen_ai.evaluation.result` events and those
    /// pushed afterwards), oldest first; ties by name, then span id.
    public var evaluations: [TraceEvaluation]

    /// Makes a summary from its fields.
    /// - Parameters:
    ///   - traceId: the trace id in its canonical text form (see ``TraceIdentifier``).
    ///   - name: the root span's name (or, before the root arrives, the earliest span's).
    ///   - serviceName: the service that sent the root span (or the earliest span).
    ///   - startTime: the earliest start of any of its spans.
    ///   - endTime: the latest end of any of its spans.
    ///   - spanCount: spans stored for the trace.
    ///   - errorCount: spans whose status is an error.
    ///   - userId: the user the trace served.
    ///   - threadId: the conversation it belongs to.
    ///   - customerId: the user's customer or tenant.
    ///   - labels: sorted.
    ///   - metadata: custom metadata, merged over the spans and the pushes.
    ///   - inputTokens: sums over the spans that reported them.
    ///   - outputTokens: output tokens, summed over the spans that reported them.
    ///   - cost: cost in US dollars, summed over the spans that reported or were priced.
    ///   - input: the root span's input.
    ///   - inputIsTruncated: whether ``input`` is a preview that leaves part of the value out.
    ///   - output: the root span's output.
    ///   - outputIsTruncated: whether ``output`` is a preview that leaves part of the value out.
    ///   - models: the models its spans asked for or were answered by, sorted.
    ///   - cacheReadTokens: prompt-cache reads and writes and reasoning tokens, summed over the spans that reported
    ///     them (part of ``inputTokens`` and ``outputTokens``).
    ///   - cacheCreationTokens: prompt-cache writes, summed as ``cacheReadTokens``.
    ///   - reasoningTokens: reasoning tokens, summed as ``cacheReadTokens``.
    ///   - evaluations: every evaluation of the trace (its spans' `gen_ai.evaluation.result` events and those pushed
    ///     afterwards), oldest first.
    public init(traceId: String, name: String, serviceName: String? = nil, startTime: Timestamp, endTime: Timestamp,
                spanCount: Int, errorCount: Int, userId: String? = nil, threadId: String? = nil,
                customerId: String? = nil, labels: [String] = [], metadata: [String: JSONValue] = [:],
                inputTokens: Int? = nil, outputTokens: Int? = nil, cost: Double? = nil, input: String? = nil,
                inputIsTruncated: Bool = false, output: String? = nil, outputIsTruncated: Bool = false,
                models: [String] = [], cacheReadTokens: Int? = nil, cacheCreationTokens: Int? = nil,
                reasoningTokens: Int? = nil, evaluations: [TraceEvaluation] = []) {
        self.traceId = traceId
        self.name = name
        self.serviceName = serviceName
        self.startTime = startTime
        self.endTime = endTime
        self.durationNanoseconds = startTime.nanoseconds(until: endTime)
        self.spanCount = spanCount
        self.errorCount = errorCount
        self.userId = userId
        self.threadId = threadId
        self.customerId = customerId
        self.labels = labels
        self.metadata = metadata
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.input = input
        self.inputIsTruncated = inputIsTruncated
        self.output = output
        self.outputIsTruncated = outputIsTruncated
        self.models = models
        self.cacheReadTokens = cacheReadTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.reasoningTokens = reasoningTokens
        self.evaluations = evaluations
    }
}
