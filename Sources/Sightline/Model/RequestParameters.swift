/// The sampling parameters an LLM request was sent with.
public struct RequestParameters: Sendable, Hashable {
    /// The sampling temperature (`gen_ai.request.temperature`).
    public var temperature: Double?
    /// The most tokens the answer may have (`gen_ai.request.max_tokens`).
    public var maxTokens: Int?
    /// Nucleus sampling's probability mass (`gen_ai.request.top_p`).
    public var topP: Double?
    /// Any other parameter, written as-is into the conventions' JSON parameter blobs.
    public var extra: [String: JSONValue]

    /// Describes a request's parameters; leave out what was not sent.
    /// - Parameters:
    ///   - temperature: the sampling temperature.
    ///   - maxTokens: the most tokens the answer may have.
    ///   - topP: nucleus sampling's probability mass.
    ///   - extra: any other parameter (`seed`, `stop`, …), written as it is.
    public init(temperature: Double? = nil, maxTokens: Int? = nil, topP: Double? = nil, extra: [String: JSONValue] = [:]) {
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.topP = topP
        self.extra = extra
    }

    /// All parameters as one JSON object with the usual snake_case names.
    public var jsonValue: JSONValue {
        var object = extra
        if let temperature { object["temperature"] = .double(temperature) }
        if let maxTokens { object["max_tokens"] = .int(Int64(maxTokens)) }
        if let topP { object["top_p"] = .double(topP) }
        return .object(object)
    }
}
