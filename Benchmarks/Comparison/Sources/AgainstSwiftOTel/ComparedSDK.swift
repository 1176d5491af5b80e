/// How both SDKs are configured for a run: the same sampler, queue, batch size, delays and
/// export path. Everything not named here is each SDK's default.
struct PipelineSettings: Sendable {
    enum SamplerChoice: String, Sendable {
        /// The OpenTelemetry default: record every trace.
        case parentBasedAlwaysOn
        /// Record nothing.
        case alwaysOff
        /// Parent-based with a root sampler that drops every trace: what a ratio sampler does to
        /// the traces it does not keep.
        case parentBasedAlwaysOff
    }

    enum ExportPath: Sendable {
        /// Batches reach an exporter that does nothing with them.
        case discard
        /// The SDK's own OTLP/HTTP exporter (protobuf, no compression) posting to this URL.
        case otlpHTTP(tracesURL: String)
    }

    var sampler: SamplerChoice = .parentBasedAlwaysOn
    var export: ExportPath = .discard
    var maxQueueSize = 2048
    var maxExportBatchSize = 512
    var scheduleDelay: Duration = .milliseconds(5000)
    var exportTimeout: Duration = .seconds(30)
    var requestTimeout: Duration = .seconds(10)
}

/// What the SDK itself reports once its pipeline has shut down.
struct PipelineReport: Sendable {
    /// Spans the SDK says it exported successfully; nil when it does not say.
    var exported: Int?
    /// Spans the SDK says it dropped because its queue was full.
    var droppedQueueFull: Int
    /// Spans in batches whose export the SDK reports as failed.
    var failedExport: Int
}

/// One SDK with a running pipeline. Every workload is written once per SDK with the same
/// structure: `withSpan("operation")`, five attributes (string, int, bool, double, int), end.
protocol ComparedSDK: Sendable {
    static var name: String { get }
    static func start(_ settings: PipelineSettings) async throws -> Self

    /// `count` spans inside one root span (one trace).
    func spansInOneTrace(_ count: Int)
    /// `count` spans, each the root of its own trace.
    func rootSpans(_ count: Int)
    /// `iterations` times: a span whose child runs in an `async let`, whose child runs in an `async let`.
    func nestedAcrossAsyncLet(_ iterations: Int) async
    /// One root span; `tasks` child tasks of a task group each create `spansPerTask` spans.
    func concurrentTasks(_ tasks: Int, spansPerTask: Int) async

    /// Exports what is queued, stops the pipeline, and returns what the SDK counted.
    func finish() async throws -> PipelineReport
}
