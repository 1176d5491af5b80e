/// What one ``TraceStore/ingest(_:)`` call stored.
public struct IngestSummary: Sendable, Hashable, Codable {
    /// Spans written.
    public var storedSpans: Int
    /// Spans already stored under the same trace and span id (a sender's retry), left unchanged.
    public var duplicateSpans: Int
    /// Traces seen for the first time.
    public var newTraces: Int
    /// Pending patches applied because their trace arrived.
    public var appliedPendingPatches: Int
    /// Pending patches dropped because they expired before their trace arrived.
    public var expiredPendingPatches: Int
    /// Labels left out: past ``CollectorLimits/labelsPerSpan`` on a span or
    /// ``CollectorLimits/labelsPerTrace`` on its trace.
    public var droppedLabels: Int
    /// Custom metadata keys left out, past ``CollectorLimits/metadataKeysPerSpan`` on a span.
    public var droppedMetadataKeys: Int
    /// Events left out, past ``CollectorLimits/eventsPerSpan`` on a span.
    public var droppedEvents: Int
    /// Links left out, past ``CollectorLimits/linksPerSpan`` on a span.
    public var droppedLinks: Int
    /// Evaluations (`gen_ai.evaluation.result` events) stored.
    public var storedEvaluations: Int
    /// Evaluation events left out: without a usable name, or past ``CollectorLimits/evaluationsPerTrace``.
    public var droppedEvaluations: Int
    /// Scores that were not finite numbers and labels that were not strings (or held a control
    /// character), left out of evaluations that were stored without them.
    public var invalidEvaluationValues: Int

    /// Makes a summary from its counts.
    /// - Parameters:
    ///   - storedSpans: spans written.
    ///   - duplicateSpans: spans already stored under the same trace and span id (a sender's retry), left unchanged.
    ///   - newTraces: traces seen for the first time.
    ///   - appliedPendingPatches: pending patches applied because their trace arrived.
    ///   - expiredPendingPatches: pending patches dropped because they expired before their trace arrived.
    ///   - droppedLabels: labels left out.
    ///   - droppedMetadataKeys: custom metadata keys left out, past ``CollectorLimits/metadataKeysPerSpan`` on a span.
    ///   - droppedEvents: events left out, past ``CollectorLimits/eventsPerSpan`` on a span.
    ///   - droppedLinks: links left out, past ``CollectorLimits/linksPerSpan`` on a span.
    ///   - storedEvaluations: evaluations (`gen_ai.evaluation.result` events) stored.
    ///   - droppedEvaluations: evaluation events left out.
    ///   - invalidEvaluationValues: scores that were not finite numbers and labels that were not strings (or held a
    ///     control character), left out of evaluations that were stored without them.
    public init(storedSpans: Int = 0, duplicateSpans: Int = 0, newTraces: Int = 0, appliedPendingPatches: Int = 0,
                expiredPendingPatches: Int = 0, droppedLabels: Int = 0, droppedMetadataKeys: Int = 0,
                droppedEvents: Int = 0, droppedLinks: Int = 0, storedEvaluations: Int = 0, droppedEvaluations: Int = 0,
                invalidEvaluationValues: Int = 0) {
        self.storedSpans = storedSpans
        self.duplicateSpans = duplicateSpans
        self.newTraces = newTraces
        self.appliedPendingPatches = appliedPendingPatches
        self.expiredPendingPatches = expiredPendingPatches
        self.droppedLabels = droppedLabels
        self.droppedMetadataKeys = droppedMetadataKeys
        self.droppedEvents = droppedEvents
        self.droppedLinks = droppedLinks
        self.storedEvaluations = storedEvaluations
        self.droppedEvaluations = droppedEvaluations
        self.invalidEvaluationValues = invalidEvaluationValues
    }
}
