/// The sampling parameters an LLM request was sent with.
public struct RequestParameters: Sendable, Hashable {
    public var temperature: Double?
    public var maxTokens: Int?
    public var topP: Double?
    /// Any other parameter, written as-is into the conventions' JSON parameter blobs.
    public var extra: [String: JSONValue]

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
