import Sightline

/// The trace-level values one OTLP span carries: user, thread, customer, labels and custom
/// metadata, read from every convention's keys and from ``SightlineKeys``.
struct TraceIdentity {
    var userId: String?
    var threadId: String?
    var customerId: String?
    var labels: [String] = []
    var custom: [String: JSONValue] = [:]

    private static let laminarPrefix = "lmnr.association.properties."
    private static let laminarMetadataPrefix = "lmnr.association.properties.metadata."
    private static let langWatchMetadataPrefix = "metadata."

    init(_ attributes: AttributeLookup) {
        // `metadata` as one JSON object: OpenInference's custom metadata (with the customer id),
        // and what LangWatch's SDKs send, user and thread ids included.
        let embedded = attributes.object("metadata").map(MetadataFields.init(splitting:))

        userId = attributes.string("langwatch.user.id", Self.laminarPrefix + "user_id", "user.id") ?? embedded?.userId
        threadId = attributes.string("gen_ai.conversation.id", "langwatch.thread.id", Self.laminarPrefix + "session_id",
                                     "session.id") ?? embedded?.threadId
        customerId = attributes.string(SightlineKeys.customerId, "langwatch.customer.id",
                                       Self.laminarMetadataPrefix + "customer_id")
            ?? embedded?.customerId

        var union = LabelUnion()
        for list in [attributes.stringList(SightlineKeys.labels), attributes.stringList("langwatch.labels"),
                     attributes.stringList(Self.laminarPrefix + "tags"), attributes.stringList("tag.tags"),
                     embedded?.labels ?? []] {
            union.add(contentsOf: list)
        }
        labels = union.labels

        // Lowest precedence first: a key sent per attribute wins over the same key inside `metadata`.
        custom = embedded?.custom ?? [:]
        for (suffix, key) in attributes.keys(withPrefix: Self.laminarMetadataPrefix) where suffix != "customer_id" {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
        for (suffix, key) in attributes.keys(withPrefix: Self.langWatchMetadataPrefix) {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
        for (suffix, key) in attributes.keys(withPrefix: SightlineKeys.metadataPrefix) {
            custom[suffix] = AttributeLookup.json(attributes[key]!)
        }
    }
}
