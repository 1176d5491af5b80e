/// Bounds on what one span may hold, as the OpenTelemetry specification defines them.
/// What goes over a count limit is dropped and counted; long values are truncated.
public struct SpanLimits: Sendable, Hashable {
    /// Attributes a span keeps (`OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT`). Attributes that the
    /// conventions derive from typed fields do not count against it, so user and thread ids
    /// survive a span full of custom attributes.
    public var attributeCountLimit: Int = 128
    /// Characters a string value keeps, per string (`OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT`); nil: no limit.
    public var attributeValueLengthLimit: Int? = nil
    /// Events a span keeps (`OTEL_SPAN_EVENT_COUNT_LIMIT`).
    public var eventCountLimit: Int = 128
    /// Links a span keeps (`OTEL_SPAN_LINK_COUNT_LIMIT`).
    public var linkCountLimit: Int = 128
    /// Attributes an event keeps (`OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`).
    public var attributePerEventCountLimit: Int = 128
    /// Attributes a link keeps (`OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`).
    public var attributePerLinkCountLimit: Int = 128

    /// Sets the limits; the defaults are OpenTelemetry's.
    /// - Parameters:
    ///   - attributeCountLimit: attributes a span keeps.
    ///   - attributeValueLengthLimit: characters a string value keeps; nil for no limit.
    ///   - eventCountLimit: events a span keeps.
    ///   - linkCountLimit: links a span keeps.
    ///   - attributePerEventCountLimit: attributes an event keeps.
    ///   - attributePerLinkCountLimit: attributes a link keeps.
    public init(attributeCountLimit: Int = 128, attributeValueLengthLimit: Int? = nil, eventCountLimit: Int = 128,
                linkCountLimit: Int = 128, attributePerEventCountLimit: Int = 128, attributePerLinkCountLimit: Int = 128) {
        self.attributeCountLimit = attributeCountLimit
        self.attributeValueLengthLimit = attributeValueLengthLimit
        self.eventCountLimit = eventCountLimit
        self.linkCountLimit = linkCountLimit
        self.attributePerEventCountLimit = attributePerEventCountLimit
        self.attributePerLinkCountLimit = attributePerLinkCountLimit
    }

    /// The value with every string cut to the length limit. `truncated` says whether anything was cut.
    func truncating(_ value: AttributeValue) -> (value: AttributeValue, truncated: Bool) {
        guard let limit = attributeValueLengthLimit else { return (value, false) }
        switch value {
        case .string(let text) where text.utf8.count > limit && text.count > limit:
            return (.string(String(text.prefix(limit))), true)
        case .array(let elements):
            var truncated = false
            let cut = elements.map { element -> AttributeValue in
                let result = truncating(element)
                truncated = truncated || result.truncated
                return result.value
            }
            return truncated ? (.array(cut), true) : (value, false)
        case .keyValueList(let pairs):
            var truncated = false
            let cut = pairs.map { pair -> Attribute in
                let result = truncating(pair.value)
                truncated = truncated || result.truncated
                return Attribute(pair.key, result.value)
            }
            return truncated ? (.keyValueList(cut), true) : (value, false)
        default:
            return (value, false)
        }
    }

    /// Keeps at most `limit` attributes with truncated values; returns what was dropped.
    func bounded(_ attributes: [Attribute], limit: Int) -> (attributes: [Attribute], dropped: Int, truncated: Int) {
        var kept = AttributeList()
        var dropped = 0
        var truncatedCount = 0
        for attribute in attributes {
            let (value, truncated) = truncating(attribute.value)
            if kept.set(attribute.key, value, limit: limit) {
                if truncated { truncatedCount += 1 }
            } else {
                dropped += 1
            }
        }
        return (kept.attributes, dropped, truncatedCount)
    }
}
