import Sightline

/// Metadata attached to a trace after it was recorded: a shallow merge into the trace's values.
///
/// Keys set here replace the trace's values key by key; keys left out stay as they are.
/// Identity fields that are nil and custom keys that are absent change nothing.
public struct MetadataPatch: Sendable, Hashable {
    /// The trace's user; nil leaves it as it is.
    public var userId: String?
    /// The trace's conversation; nil leaves it as it is.
    public var threadId: String?
    /// The trace's customer; nil leaves it as it is.
    public var customerId: String?
    /// nil leaves the labels alone; how a list combines with them is the caller's ``LabelMerge``.
    public var labels: [String]?
    /// Custom keys to set (a JSON null is stored as a null value, not a deletion).
    public var custom: [String: JSONValue]

    /// Makes a patch; what is left out changes nothing.
    /// - Parameters:
    ///   - userId: the trace's user.
    ///   - threadId: the trace's conversation.
    ///   - customerId: the trace's customer.
    ///   - labels: nil leaves the labels alone.
    ///   - custom: custom keys to set (a JSON null is stored as a null value, not a deletion).
    public init(userId: String? = nil, threadId: String? = nil, customerId: String? = nil, labels: [String]? = nil,
                custom: [String: JSONValue] = [:]) {
        self.userId = userId
        self.threadId = threadId
        self.customerId = customerId
        self.labels = labels
        self.custom = custom
    }

    /// Reads a metadata object as Laminar and LangWatch send it: `user_id`/`userId`,
    /// `thread_id`/`threadId`/`session_id`, `customer_id`/`customerId` and `labels`/`tags` are
    /// the reserved fields; every other key is custom metadata. A reserved key with a value of
    /// the wrong shape (labels that are not strings) is kept as custom metadata.
    /// - Parameter object: the body's `metadata` object.
    public init(json object: [String: JSONValue]) {
        let fields = MetadataFields(splitting: object)
        self.init(userId: fields.userId, threadId: fields.threadId, customerId: fields.customerId,
                  labels: fields.labels, custom: fields.custom)
    }

    /// The patch as one metadata object, the form ``init(json:)`` reads (how pending patches are kept).
    var jsonObject: [String: JSONValue] {
        var object = custom
        if let userId { object["user_id"] = .string(userId) }
        if let threadId { object["thread_id"] = .string(threadId) }
        if let customerId { object["customer_id"] = .string(customerId) }
        if let labels { object["labels"] = .array(labels.map(JSONValue.string)) }
        return object
    }
}
