/// What a whole trace is about: who asked, in which conversation, for which customer, with
/// which labels and custom metadata (the LangWatch and Laminar notion of trace metadata).
public struct TraceMetadata: Sendable, Hashable {
    /// The user the trace served.
    public var userId: String?
    /// The conversation (thread, session) the trace belongs to.
    public var threadId: String?
    /// The customer (organisation, tenant) the user belongs to.
    public var customerId: String?
    /// Labels (tags), kept unique in first-seen order.
    public private(set) var labels: [String]
    /// Custom metadata: any JSON-like values.
    public var custom: [String: JSONValue]

    /// Describes a trace.
    ///
    /// ```swift
    /// TraceMetadata(userId: "u-1", threadId: "conv-9", labels: ["production"], custom: ["variant": "B"])
    /// ```
    /// - Parameters:
    ///   - userId: the user the trace served.
    ///   - threadId: the conversation it belongs to.
    ///   - customerId: the user's customer or tenant.
    ///   - labels: labels; repeated ones are kept once.
    ///   - custom: custom metadata.
    public init(userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
                labels: [String] = [], custom: [String: JSONValue] = [:]) {
        self.userId = userId
        self.threadId = threadId
        self.customerId = customerId
        self.labels = []
        self.custom = custom
        addLabels(labels)
    }

    /// True when nothing is set.
    public var isEmpty: Bool {
        userId == nil && threadId == nil && customerId == nil && labels.isEmpty && custom.isEmpty
    }

    /// Adds labels not already present, keeping order.
    /// - Parameter newLabels: the labels to add.
    public mutating func addLabels(_ newLabels: some Sequence<String>) {
        for label in newLabels where !labels.contains(label) {
            labels.append(label)
        }
    }

    /// Shallow merge: values set in `other` win, unset ones leave ours alone, labels are unioned,
    /// and custom keys of `other` replace ours key by key.
    /// - Parameter other: the metadata whose set values win.
    public mutating func merge(_ other: TraceMetadata) {
        if let userId = other.userId { self.userId = userId }
        if let threadId = other.threadId { self.threadId = threadId }
        if let customerId = other.customerId { self.customerId = customerId }
        addLabels(other.labels)
        custom.merge(other.custom) { _, new in new }
    }

    /// The shallow merge of ``merge(_:)``, as a new value.
    /// - Parameter other: the metadata whose set values win.
    /// - Returns: the merged metadata.
    public func merging(_ other: TraceMetadata) -> TraceMetadata {
        var copy = self
        copy.merge(other)
        return copy
    }
}

/// An immutable trace-metadata value behind one reference: every span that ends while the
/// metadata is unchanged shares it, so a span pays one retain instead of copying each field.
///
/// Empty metadata has no snapshot (nil): a single shared empty object would have its reference
/// count changed by every span on every thread, and that one cache line would travel between
/// the cores that end spans and the export loop's, several times a span.
final class TraceMetadataSnapshot: Sendable, Hashable {
    let metadata: TraceMetadata

    private init(_ metadata: TraceMetadata) {
        self.metadata = metadata
    }

    /// A snapshot of `metadata`; nil when it is empty.
    static func of(_ metadata: TraceMetadata) -> TraceMetadataSnapshot? {
        metadata.isEmpty ? nil : TraceMetadataSnapshot(metadata)
    }

    static func == (lhs: TraceMetadataSnapshot, rhs: TraceMetadataSnapshot) -> Bool {
        lhs === rhs || lhs.metadata == rhs.metadata
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(metadata)
    }
}
