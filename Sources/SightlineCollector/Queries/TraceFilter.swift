import Sightline

/// Which traces ``TraceStore/traces(_:)`` returns: those matching every condition that is set.
public struct TraceFilter: Sendable, Hashable {
    /// Only traces of this user.
    public var userId: String?
    /// Only traces of this thread.
    public var threadId: String?
    /// Only traces of this customer.
    public var customerId: String?
    /// A label the trace must carry.
    public var label: String?
    /// Custom metadata conditions, all of which must hold; with ``evaluations``, at most
    /// ``maximumMetadataConditions``.
    public var metadata: [MetadataCondition]
    /// Evaluation conditions, all of which must hold (each met by any evaluation of its name);
    /// counted with ``metadata`` against ``maximumMetadataConditions``.
    public var evaluations: [EvaluationCondition] = []
    /// Only traces that started at or after this instant.
    public var since: Timestamp?
    /// At most this many traces, newest first (values below 1 read as 1).
    public var limit: Int
    /// Only traces with at least one failed span.
    public var errorsOnly = false
    /// Only traces with a span that asked for or was answered by this model.
    public var model: String?
    /// Only traces with a span of this type.
    public var spanType: SpanType?
    /// Only traces whose service (`service.name`) is this one.
    public var serviceName: String?
    /// Only traces with a span whose input or output contains this text (ASCII letters in any case).
    public var text: String?
    /// Only traces that lasted at least this long.
    public var minimumDuration: Duration?
    /// Only traces that lasted at most this long.
    public var maximumDuration: Duration?
    /// Only traces that cost at least this much (traces with no cost do not match).
    public var minimumCost: Double?
    /// Only traces that cost at most this much (traces with no cost do not match).
    public var maximumCost: Double?
    /// The page after this trace: traces that come after it in the list (older, or as old and
    /// stored before it). A trace id; paging by it never rescans the pages before.
    public var before: String?
    /// Traces that come before this one in the list (newer): what arrived since a page was read.
    public var after: String?

    /// The most metadata and evaluation conditions, together, one query takes: each is a
    /// subquery, and SQLite bounds how large one query may grow.
    public static let maximumMetadataConditions = 20

    /// Makes a filter; the other conditions are properties to set.
    /// - Parameters:
    ///   - userId: only traces of this user.
    ///   - threadId: only traces of this thread.
    ///   - customerId: only traces of this customer.
    ///   - label: A label the trace must carry.
    ///   - metadata: custom metadata conditions, all of which must hold.
    ///   - since: only traces that started at or after this instant.
    ///   - limit: at most this many traces, newest first (values below 1 read as 1).
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
