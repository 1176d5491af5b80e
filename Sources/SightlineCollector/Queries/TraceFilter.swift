import Sightline

/// Which traces ``TraceStore/traces(_:)`` returns: those matching every condition that is set.
public struct TraceFilter: Sendable, Hashable {
    public var userId: String?
    public var threadId: String?
    public var customerId: String?
    /// A label the trace must carry.
    public var label: String?
    /// Custom metadata conditions, all of which must hold; at most ``maximumMetadataConditions``.
    public var metadata: [MetadataCondition]
    /// Only traces that started at or after this instant.
    public var since: Timestamp?
    /// At most this many traces, newest first (values below 1 read as 1).
    public var limit: Int

    /// The most metadata conditions one query takes: each is a subquery, and SQLite bounds how
    /// large one query may grow.
    public static let maximumMetadataConditions = 20

    public init(userId: String? = nil, threadId: String? = nil, customerId: String? = nil, label: String? = nil,
                metadata: [MetadataCondition] = [], since: Timestamp? = nil, limit: Int = 50) {
        self.userId = userId
        self.threadId = threadId
        self.customerId = customerId
        self.label = label
        self.metadata = metadata
        self.since = since
        self.limit = limit
    }
}
