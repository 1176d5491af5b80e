import Sightline
import SightlineOTLP
import SightlineOTLPDecoding

/// Maps decoded OTLP spans to the neutral model, whichever conventions the sender used.
///
/// Every key of the five conventions Sightline writes (OTel GenAI, LangWatch, Laminar,
/// OpenInference, Langfuse; see CONVENTIONS.md) and Sightline's own (`SightlineKeys`) is read back, along with the spellings those backends'
/// own SDKs send (`langwatch.thread.id`, labels as JSON text, a JSON `metadata` object holding
/// `user_id` and `thread_id`). When several conventions carry the same concept, they agree for
/// spans Sightline wrote; for other senders the more specific key is read first.
public enum OTLPNormalizer {
    /// Attributes a span keeps in ``CollectedSpan/attributes`` at most: the first ones in wire
    /// order. The neutral fields (user, thread, model, usage, …) are read from all of them first.
    /// ``attributesOverLimit(in:)`` counts what is left out, so a receiver can say so.
    public static let attributeLimit = 1024

    /// How many attributes of the storable spans in `traces` ``spans(from:)`` leaves out, and of how many spans.
    /// - Parameter traces: a decoded OTLP request.
    /// - Returns: the attributes left out, and the number of spans they came from.
    public static func attributesOverLimit(in traces: DecodedTraces) -> (attributes: Int, spans: Int) {
        var attributes = 0
        var spans = 0
        for span in traces.spans where isStorable(span) && span.attributes.count > attributeLimit {
            attributes += span.attributes.count - attributeLimit
            spans += 1
        }
        return (attributes, spans)
    }

    /// The neutral form of every span in `traces`, in wire order.
    ///
    /// Spans that are not ``isStorable(_:)`` are left out, as OTLP asks receivers to do: a
    /// receiver reports the difference in count as rejected spans.
    /// - Parameter traces: a decoded OTLP request.
    /// - Returns: the storable spans, read into the neutral model.
    public static func spans(from traces: DecodedTraces) -> [CollectedSpan] {
        var result: [CollectedSpan] = []
        result.reserveCapacity(traces.resourceSpans.reduce(0) { $0 + $1.scopeSpans.reduce(0) { $0 + $1.spans.count } })
        for resourceSpans in traces.resourceSpans {
            let serviceName = resourceSpans.resource.serviceName
            for scopeSpans in resourceSpans.scopeSpans {
                for span in scopeSpans.spans where isStorable(span) {
                    result.append(collected(span, serviceName: serviceName))
                }
            }
        }
        return result
    }

    /// Whether `span` can be stored: its trace id and span id are valid (present, not all zero)
    /// and none of its ids arrived malformed (`DecodedSpan.malformedIdentifier`).
    /// - Parameter span: a decoded OTLP span.
    public static func isStorable(_ span: DecodedSpan) -> Bool {
        span.traceId.isValid && span.spanId.isValid && span.malformedIdentifier == nil
    }

    /// The neutral form of one span.
    /// - Parameters:
    ///   - span: a decoded OTLP span.
    ///   - serviceName: its resource's `service.name`.
    public static func collected(_ span: DecodedSpan, serviceName: String?) -> CollectedSpan {
        let attributes = AttributeLookup(span.attributes)
        let identity = TraceIdentity(attributes)
        var statusMessage: String?
        if case .error(let description) = span.status, !description.isEmpty { statusMessage = description }

        return CollectedSpan(
            traceId: span.traceId.hex,
            spanId: span.spanId.hex,
            parentSpanId: span.parentSpanId.flatMap { $0.isValid ? $0.hex : nil },
            name: span.name,
            kind: span.kind.map(kindName),
            type: SpanTypeReading.type(sightline: attributes.string(SightlineKeys.spanType),
                                       genAIOperation: attributes.string(GenAIKeys.operationName),
                                       langWatch: attributes.string(LangWatchKeys.spanType),
                                       openInference: attributes.string(OpenInferenceKeys.spanKind),
                                       laminar: attributes.string(LaminarKeys.spanType),
                                       langfuse: attributes.string(LangfuseKeys.observationType)),
            startTime: span.startTime,
            endTime: span.endTime,
            firstTokenTime: StreamingReading.firstTokenTime(in: attributes, start: span.startTime),
            isError: span.status.isError,
            statusMessage: statusMessage,
            input: ContentReading.content(.input, in: attributes),
            output: ContentReading.content(.output, in: attributes),
            model: attributes.string(GenAIKeys.requestModel, OpenInferenceKeys.modelName, LangfuseKeys.modelName),
            responseModel: attributes.string(GenAIKeys.responseModel),
            provider: attributes.string(GenAIKeys.providerName, OpenInferenceKeys.provider, GenAIKeys.legacySystem),
            inputTokens: attributes.integer(GenAIKeys.inputTokens, OpenInferenceKeys.promptTokens,
                                            GenAIKeys.legacyPromptTokens)
                ?? langWatchMetric(LangWatchKeys.Metrics.promptTokens, attributes).flatMap { Int(exactly: $0) }
                ?? langfuseUsage(LangfuseKeys.Usage.input, attributes),
            outputTokens: attributes.integer(GenAIKeys.outputTokens, OpenInferenceKeys.completionTokens,
                                             GenAIKeys.legacyCompletionTokens)
                ?? langWatchMetric(LangWatchKeys.Metrics.completionTokens, attributes).flatMap { Int(exactly: $0) }
                ?? langfuseUsage(LangfuseKeys.Usage.output, attributes),
            cacheReadTokens: attributes.integer(GenAIKeys.cacheReadInputTokens,
                                                OpenInferenceKeys.cacheReadTokens)
                ?? langfuseUsage(LangfuseKeys.Usage.inputCacheRead, attributes),
            cacheCreationTokens: attributes.integer(GenAIKeys.cacheCreationInputTokens,
                                                    OpenInferenceKeys.cacheWriteTokens)
                ?? langfuseUsage(LangfuseKeys.Usage.inputCacheCreation, attributes),
            reasoningTokens: attributes.integer(GenAIKeys.reasoningOutputTokens,
                                                OpenInferenceKeys.reasoningTokens)
                ?? langfuseUsage(LangfuseKeys.Usage.outputReasoning, attributes),
            cost: attributes.number(SightlineKeys.cost, LaminarKeys.cost, OpenInferenceKeys.costTotal)
                ?? langWatchMetric(LangWatchKeys.Metrics.cost, attributes)
                ?? attributes.object(LangfuseKeys.costDetails)?[LangfuseKeys.Cost.total]?.doubleValue,
            costComputed: attributes[SightlineKeys.costComputed] == .bool(true),
            userId: identity.userId,
            threadId: identity.threadId,
            customerId: identity.customerId,
            labels: identity.labels,
            metadata: identity.custom,
            attributes: Dictionary(span.attributes.prefix(attributeLimit).map { ($0.key, AttributeLookup.plainJSON($0.value)) },
                                   uniquingKeysWith: { first, _ in first }),
            events: span.events.map(collected),
            links: span.links.map { link in
                CollectedLink(traceId: link.traceId.hex, spanId: link.spanId.hex,
                              attributes: Dictionary(link.attributes.map { ($0.key, AttributeLookup.plainJSON($0.value)) },
                                                     uniquingKeysWith: { first, _ in first }))
            },
            serviceName: serviceName)
    }

    private static func collected(_ event: SpanEvent) -> CollectedEvent {
        CollectedEvent(name: event.name, time: event.timestamp,
                       attributes: Dictionary(event.attributes.map { ($0.key, AttributeLookup.plainJSON($0.value)) },
                                              uniquingKeysWith: { first, _ in first }))
    }

    /// A number from LangWatch's ``LangWatchKeys/metrics`` JSON object.
    private static func langWatchMetric(_ name: String, _ attributes: AttributeLookup) -> Double? {
        attributes.object(LangWatchKeys.metrics)?[name]?.doubleValue
    }

    /// A whole count from Langfuse's ``LangfuseKeys/usageDetails`` JSON object.
    private static func langfuseUsage(_ name: String, _ attributes: AttributeLookup) -> Int? {
        attributes.object(LangfuseKeys.usageDetails)?[name]?.doubleValue.flatMap { Int(exactly: $0) }
    }

    static func kindName(_ kind: SpanKind) -> String {
        switch kind {
        case .internal: return "internal"
        case .server: return "server"
        case .client: return "client"
        case .producer: return "producer"
        case .consumer: return "consumer"
        }
    }
}
