/// The checks every store makes on what it is asked to store or look up, before it touches
/// its tables, so that both stores refuse the same requests with the same errors.
enum StoreInputCheck {
    /// Spans without a trace or span id, or with a control character in an id, label or metadata key.
    static func spans(_ spans: [CollectedSpan]) throws {
        // Read in place: iterating the array would copy each span (every field retained).
        try spans.withUnsafeBufferPointer { spans in
            for index in spans.indices {
                if spans[index].traceId.isEmpty { throw TraceStoreError.emptyIdentifier("a span's trace id") }
                if spans[index].spanId.isEmpty { throw TraceStoreError.emptyIdentifier("a span's span id") }
                if let problem = IdentifierText.problem(in: spans[index]) { throw TraceStoreError.controlCharacter(problem) }
            }
        }
    }

    /// A patch's trace id (canonical, returned) and contents.
    static func patch(traceId: String, _ patch: MetadataPatch) throws -> String {
        let id = TraceIdentifier.canonical(traceId)
        guard !id.isEmpty else { throw TraceStoreError.emptyIdentifier("the trace id") }
        if let problem = IdentifierText.problem(id, as: "the trace id")
            ?? IdentifierText.problem(userId: patch.userId, threadId: patch.threadId, customerId: patch.customerId,
                                      labels: patch.labels, keys: patch.custom.keys) {
            throw TraceStoreError.controlCharacter(problem)
        }
        guard (patch.labels?.count ?? 0) <= CollectorLimits.labelsPerTrace,
              patch.custom.count <= CollectorLimits.metadataKeysPerSpan else {
            throw TraceStoreError.patchTooLarge(labels: patch.labels?.count ?? 0, keys: patch.custom.count)
        }
        return id
    }

    /// An evaluation's trace id (canonical, returned), name, score and label.
    static func evaluation(traceId: String, name: String, score: Double?, label: String?) throws -> String {
        let id = TraceIdentifier.canonical(traceId)
        guard !id.isEmpty else { throw TraceStoreError.emptyIdentifier("the trace id") }
        guard !name.isEmpty else { throw TraceStoreError.invalidEvaluation("the name is empty") }
        if let score, !score.isFinite { throw TraceStoreError.invalidEvaluation("the score \(score) is not a finite number") }
        if let problem = IdentifierText.problem(id, as: "the trace id") ?? IdentifierText.problem(name, as: "the evaluation name")
            ?? label.flatMap({ IdentifierText.problem($0, as: "the evaluation label") }) {
            throw TraceStoreError.controlCharacter(problem)
        }
        return id
    }

    /// A filter's condition count and text.
    static func filter(_ filter: TraceFilter) throws {
        let conditions = filter.metadata.count + filter.evaluations.count
        guard conditions <= TraceFilter.maximumMetadataConditions else {
            throw TraceStoreError.tooManyConditions(conditions, limit: TraceFilter.maximumMetadataConditions)
        }
        if let problem = IdentifierText.problem(in: filter) { throw TraceStoreError.controlCharacter(problem) }
    }

    /// An id looked up (`what`: "the trace id", "the thread id").
    static func identifier(_ id: String, as what: String) throws {
        if let problem = IdentifierText.problem(id, as: what) { throw TraceStoreError.controlCharacter(problem) }
    }
}
