import Sightline

/// One received span in the collector's neutral model, whatever convention or API it came in.
///
/// The LLM fields (type, input, output, model, tokens, cost) are read back from the keys of
/// every convention Sightline writes (see CONVENTIONS.md), or from LangWatch's REST fields.
/// The trace-level fields (user, thread, customer, labels, custom metadata) are the values this
/// span carried; the store merges them across the spans of a trace (see ``TraceStore``).
public struct CollectedSpan: Sendable, Hashable, Codable {
    /// The trace id in its canonical text form (see ``TraceIdentifier``).
    public var traceId: String
    /// 16 lowercase hex digits for OTLP spans; the sender's own string for REST spans.
    public var spanId: String
    /// nil for a root span.
    public var parentSpanId: String?
    /// The span's name.
    public var name: String
    /// The OpenTelemetry span kind (`internal`, `server`, `client`, `producer`, `consumer`);
    /// nil when the sender did not say.
    public var kind: String?
    /// What the span stood for, read from whichever convention the sender used.
    public var type: SpanType
    /// When the span started.
    public var startTime: Timestamp
    /// When the span ended.
    public var endTime: Timestamp
    /// When the first token of a streamed answer arrived, when the sender reported it.
    public var firstTokenTime: Timestamp?
    /// True when the span failed (an error status).
    public var isError: Bool
    /// The error's description, when the sender gave one.
    public var statusMessage: String?
    /// The input as received: plain text, or JSON text (chat messages, structured values).
    public var input: String?
    /// The output as received: plain text, or JSON text.
    public var output: String?
    /// The model asked for.
    public var model: String?
    /// The model that answered, when reported apart from the one asked for.
    public var responseModel: String?
    /// The provider (`openai`, `anthropic`, …).
    public var provider: String?
    /// All input tokens, prompt-cache reads and writes included.
    public var inputTokens: Int?
    /// All output tokens, reasoning included.
    public var outputTokens: Int?
    /// Input tokens read from the provider's prompt cache.
    public var cacheReadTokens: Int?
    /// Input tokens written to the provider's prompt cache.
    public var cacheCreationTokens: Int?
    /// Output tokens spent reasoning.
    public var reasoningTokens: Int?
    /// The call's cost in US dollars; nil when unknown.
    public var cost: Double?
    /// True when ``cost`` was computed from the model's price (by the collector at ingest, or by
    /// the SDK that sent it) rather than reported.
    public var costComputed: Bool
    /// The user this span's trace served.
    public var userId: String?
    /// The conversation (thread, session) the trace belongs to.
    public var threadId: String?
    /// The customer (organisation, tenant) of the user.
    public var customerId: String?
    /// Labels (tags), unique, in first-seen order.
    public var labels: [String]
    /// Custom trace metadata this span carried.
    public var metadata: [String: JSONValue]
    /// Every attribute as received, for display; OTLP byte values are base64 text.
    public var attributes: [String: JSONValue]
    /// The events recorded on the span.
    public var events: [CollectedEvent]
    /// The spans this one links to.
    public var links: [CollectedLink]
    /// The sender's `service.name`.
    public var serviceName: String?

    /// Makes a span from its fields, as the normalizers and tests do.
    /// - Parameters:
    ///   - traceId: the trace id in its canonical text form (see ``TraceIdentifier``).
    ///   - spanId: 16 lowercase hex digits for OTLP spans.
    ///   - parentSpanId: nil for a root span.
    ///   - name: the span's name.
    ///   - kind: the OpenTelemetry span kind (`internal`, `server`, `client`, `producer`, `consumer`).
    ///   - type: what the span stood for, read from whichever convention the sender used.
    ///   - startTime: when the span started.
    ///   - endTime: when the span ended.
    ///   - firstTokenTime: when the first token of a streamed answer arrived, when the sender reported it.
    ///   - isError: true when the span failed (an error status).
    ///   - statusMessage: the error's description, when the sender gave one.
    ///   - input: the input as received.
    ///   - output: the output as received.
    ///   - model: the model asked for.
    ///   - responseModel: the model that answered, when reported apart from the one asked for.
    ///   - provider: the provider (`openai`, `anthropic`, …).
    ///   - inputTokens: all input tokens, prompt-cache reads and writes included.
    ///   - outputTokens: all output tokens, reasoning included.
    ///   - cacheReadTokens: input tokens read from the provider's prompt cache.
    ///   - cacheCreationTokens: input tokens written to the provider's prompt cache.
    ///   - reasoningTokens: output tokens spent reasoning.
    ///   - cost: the call's cost in US dollars.
    ///   - costComputed: true when ``cost`` was computed from the model's price (by the collector at ingest, or by the
    ///     SDK that sent it) rather than reported.
    ///   - userId: the user this span's trace served.
    ///   - threadId: the conversation (thread, session) the trace belongs to.
    ///   - customerId: the customer (organisation, tenant) of the user.
    ///   - labels: labels (tags), unique, in first-seen order.
    ///   - metadata: custom trace metadata this span carried.
    ///   - attributes: every attribute as received, for display.
    ///   - events: the events recorded on the span.
    ///   - links: the spans this one links to.
    ///   - serviceName: the sender's `service.name`.
    public init(traceId: String, spanId: String, parentSpanId: String? = nil, name: String, kind: String? = nil,
                type: SpanType = .span, startTime: Timestamp, endTime: Timestamp, firstTokenTime: Timestamp? = nil,
                isError: Bool = false, statusMessage: String? = nil, input: String? = nil, output: String? = nil,
                model: String? = nil, responseModel: String? = nil, provider: String? = nil,
                inputTokens: Int? = nil, outputTokens: Int? = nil, cacheReadTokens: Int? = nil,
                cacheCreationTokens: Int? = nil, reasoningTokens: Int? = nil, cost: Double? = nil,
                costComputed: Bool = false, userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
                labels: [String] = [], metadata: [String: JSONValue] = [:], attributes: [String: JSONValue] = [:],
                events: [CollectedEvent] = [], links: [CollectedLink] = [], serviceName: String? = nil) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.name = name
        self.kind = kind
        self.type = type
        self.startTime = startTime
        self.endTime = endTime
        self.firstTokenTime = firstTokenTime
        self.isError = isError
        self.statusMessage = statusMessage
        self.input = input
        self.output = output
        self.model = model
        self.responseModel = responseModel
        self.provider = provider
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheCreationTokens = cacheCreationTokens
        self.reasoningTokens = reasoningTokens
        self.cost = cost
        self.costComputed = costComputed
        self.userId = userId
        self.threadId = threadId
        self.customerId = customerId
        self.labels = labels
        self.metadata = metadata
        self.attributes = attributes
        self.events = events
        self.links = links
        self.serviceName = serviceName
    }

    /// True when the span has no parent: its trace-level values win over every other span's.
    public var isRoot: Bool { parentSpanId == nil }

    /// Time to first token: from the start to the first token of a streamed answer.
    public var timeToFirstToken: Duration? {
        firstTokenTime.map { .nanoseconds(Int64(clamping: startTime.nanoseconds(until: $0))) }
    }

    /// The span's usage as the SDK's type, for pricing.
    var tokenUsage: TokenUsage {
        TokenUsage(input: inputTokens, output: outputTokens, cacheRead: cacheReadTokens, cacheCreation: cacheCreationTokens,
                   reasoning: reasoningTokens, cost: cost)
    }

    /// The span's duration; zero when the end is before the start.
    public var durationNanoseconds: UInt64 { startTime.nanoseconds(until: endTime) }
}
