import Sightline

/// The trace-level values one OTLP span carries: user, thread, customer, labels and custom
/// metadata, read from every convention's keys and from ``SightlineKeys``.
struct TraceIdentity {
    var userId: String?
    var threadId: String?
    var customerId: String?
    var labels: [String] = []
    var custom: [String: JSONValue] = [:]

    init(_ attributes: AttributeLookup) {
        // `metadata` as one JSON object: OpenInference's custom metadata (with the customer id),
        // and what LangWatch's SDKs send, user and thread ids included.
        let embedded = attributes.object(OpenInferenceKeys.metadata).map(MetadataFields.init(splitting:))

        userId = attributes.string(LangWatchKeys.userId, LaminarKeys.userId, LangfuseKeys.userId, GenAIKeys.userId,
                                   OpenInferenceKeys.userId) ?? embedded?.userId
        threadId = attributes.string(GenAIKeys.conversationId, LangWatchKeys.threadId, LaminarKeys.sessionId,
                                     LangfuseKeys.sessionId, OpenInferenceKeys.sessionId) ?? embedded?.threadId
        customerId = attributes.string(SightlineKeys.customerId, LangWatchKeys.customerId, LaminarKeys.customerId,
                                       LangfuseKeys.customerId)
            ?? embedded?.customerId

        var union = LabelUnion()
        for list in [attributes.stringList(SightlineKeys.labels), attributes.stringList(LangWatchKeys.labels),
                     attributes.stringList(LaminarKeys.tags), attributes.stringList(OpenInferenceKeys.tags),
                     attributes.stringList(LangfuseKeys.traceTags),
                     embedded?.labels ?? []] {
            union.add(contentsOf: list)
        }
        labels = union.labels

        // Lowest precedence first: a key sent per attribute wins over the same key inside `metadata`.
        custom = embedded?.custom ?? [:]
        for (suffix, key) in attributes.keys(withPrefix: LaminarKeys.metadataPrefix)
            where LaminarKeys.metadataPrefix + suffix != LaminarKeys.customerId {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
        for (suffix, key) in attributes.keys(withPrefix: LangfuseKeys.traceMetadataPrefix)
            where LangfuseKeys.traceMetadataPrefix + suffix != LangfuseKeys.customerId {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
        for (suffix, key) in attributes.keys(withPrefix: LangWatchKeys.metadataPrefix) {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
        for (suffix, key) in attributes.keys(withPrefix: SightlineKeys.metadataPrefix) {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
    }
}
