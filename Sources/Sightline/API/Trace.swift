/// One trace as seen from this process: its id and its trace-level metadata.
///
/// Every span of the trace shares this object, so metadata set from any of them (or from
/// ``Sightline/updateTrace(userId:threadId:customerId:labels:custom:)-type.method``) lands in one place.
/// Spans ending afterwards carry the merged metadata; the root span normally ends last.
public final class Trace: @unchecked Sendable {
    /// The trace's id, the same in every process the trace crosses.
    public let id: TraceID
    // Unchecked Sendable: `latest` is only touched while `lock` is held.
    private let lock = SpinLock()
    @exclusivity(unchecked) private var latest: TraceMetadataSnapshot?
    /// False only for the shared trace of a disabled SDK, which must not collect anything.
    private let acceptsUpdates: Bool

    init(id: TraceID, metadata: TraceMetadata, acceptsUpdates: Bool = true) {
        self.id = id
        self.latest = .of(metadata)
        self.acceptsUpdates = acceptsUpdates
    }

    /// The trace of the current task's active span, if any.
    public static var current: Trace? { ActiveSpan.current?.trace }

    /// The metadata as it stands now.
    public var metadata: TraceMetadata {
        snapshot?.metadata ?? TraceMetadata()
    }

    /// The current metadata behind one reference, for spans to carry when they end.
    var snapshot: TraceMetadataSnapshot? {
        lock.withLock { latest }
    }

    /// Shallow-merges `patch`: set values win, labels are unioned, custom keys replace key by key.
    /// - Parameter patch: the metadata to merge in.
    public func update(_ patch: TraceMetadata) {
        guard acceptsUpdates else { return }
        lock.withLock { latest = .of((latest?.metadata ?? TraceMetadata()).merging(patch)) }
    }

    /// Shallow-merges the given values; nil and empty arguments leave the trace unchanged.
    /// - Parameters:
    ///   - userId: the user, replacing any set before.
    ///   - threadId: the conversation, replacing any set before.
    ///   - customerId: the customer, replacing any set before.
    ///   - labels: labels added to the trace's.
    ///   - custom: custom metadata, replacing the trace's key by key.
    public func update(userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
                       labels: [String] = [], custom: [String: JSONValue] = [:]) {
        update(TraceMetadata(userId: userId, threadId: threadId, customerId: customerId, labels: labels, custom: custom))
    }
}
