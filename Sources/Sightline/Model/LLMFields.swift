/// The LLM-specific fields of a span, kept behind one reference that stays nil until the first
/// of them is set: most spans (HTTP handlers, database calls, plain steps) set none, and every
/// byte of a span is written when it starts, read by the export loop and touched when it is freed.
///
/// A value type: the box is copied before a write when it is shared (copy-on-write).
@usableFromInline
struct LLMFields: Hashable {
    struct Values: Hashable {
        var input: SpanContent?
        var output: SpanContent?
        var model: String?
        var responseModel: String?
        var provider: String?
        var usage: TokenUsage?
        var parameters: RequestParameters?
        var ragContexts: [RAGContext] = []
        /// Set once the call is known to stream (``Span/startStreaming()`` or the first chunk).
        var stream: StreamedResponse?
    }

    private final class Box: @unchecked Sendable {
        // Only written while uniquely referenced (see `update`), so no dynamic exclusivity check.
        @exclusivity(unchecked) var values: Values
        init(_ values: Values) { self.values = values }
    }

    private var box: Box?

    init() {}

    /// Reads one field without copying the others; nil (or empty) while none is set.
    subscript<Value>(_ field: KeyPath<Values, Value>, default empty: Value) -> Value {
        box?.values[keyPath: field] ?? empty
    }

    /// Sets one field; clearing a field of a span that has none set allocates nothing.
    mutating func set<Value>(_ field: WritableKeyPath<Values, Value>, _ value: Value, isEmpty: Bool) {
        if box == nil && isEmpty { return }
        update { $0[keyPath: field] = value }
    }

    /// Changes fields in place, first copying the box when another span value shares it.
    mutating func update(_ change: (inout Values) -> Void) {
        if box == nil {
            box = Box(Values())
        } else if !isKnownUniquelyReferenced(&box) {
            box = Box(box!.values)
        }
        change(&box!.values)
    }

    @usableFromInline static func == (lhs: LLMFields, rhs: LLMFields) -> Bool {
        lhs.box === rhs.box || (lhs.box?.values ?? Values()) == (rhs.box?.values ?? Values())
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
        hasher.combine(box?.values ?? Values())
    }
}
