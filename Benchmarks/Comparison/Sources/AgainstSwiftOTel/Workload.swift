/// One workload, run the same way against each SDK on a pipeline of its own.
struct Workload: Sendable {
    let id: String
    let title: String
    let sampler: PipelineSettings.SamplerChoice
    /// Spans one round creates (the per-span figures divide by this).
    let spans: Int
    /// True when the workload runs on the calling thread only (no child tasks).
    var runsOnOneThread = true
    let body: @Sendable (any ComparedSDK) async -> Void

    /// The workloads of issue 6, sized so that one round takes a fraction of a second.
    static let all: [Workload] = [
        Workload(id: "recorded", title: "recorded: `withSpan` + 5 attributes + end, queued for export",
                 sampler: .parentBasedAlwaysOn, spans: 100_000) { $0.spansInOneTrace(100_000) },
        Workload(id: "off-in-trace", title: "sampled out (always-off sampler): spans inside a dropped trace",
                 sampler: .alwaysOff, spans: 1_000_000) { $0.spansInOneTrace(1_000_000) },
        Workload(id: "parent-off-in-trace", title: "sampled out (parent-based, root dropped): spans inside a dropped trace",
                 sampler: .parentBasedAlwaysOff, spans: 200_000) { $0.spansInOneTrace(200_000) },
        Workload(id: "parent-off-roots", title: "sampled out (parent-based, root dropped): each span a dropped root",
                 sampler: .parentBasedAlwaysOff, spans: 200_000) { $0.rootSpans(200_000) },
        Workload(id: "nested", title: "recorded: nested three deep across `async let`",
                 sampler: .parentBasedAlwaysOn, spans: 3 * 20_000, runsOnOneThread: false) { await $0.nestedAcrossAsyncLet(20_000) },
        Workload(id: "concurrent", title: "recorded: 8 concurrent tasks creating spans",
                 sampler: .parentBasedAlwaysOn, spans: 8 * 12_500, runsOnOneThread: false) { await $0.concurrentTasks(8, spansPerTask: 12_500) },
    ]
}

/// One round of one workload against one SDK: a new pipeline, the workload, then the pipeline
/// flushed and shut down.
struct RoundResult: Sendable {
    /// Caller's time per span: what the code that creates the spans waits.
    var callerNanoseconds: Double
    /// CPU time per span of the thread that ran the workload. Meaningful for the synchronous
    /// workloads only (an async workload may hop threads); unlike wall time it does not grow when
    /// other processes, or the SDK's own background work, take the core away.
    var callerThreadCPUNanoseconds: Double
    /// Wall time per span from the first span until the SDK has exported everything and stopped.
    var untilExportedNanoseconds: Double
    /// CPU time per span of every thread over the same interval.
    var cpuNanoseconds: Double
    /// Allocation calls per span over the same interval, when the allocation counter is preloaded.
    var allocations: Double?
    var report: PipelineReport

    static func measure<SDK: ComparedSDK>(_ sdk: SDK.Type, _ workload: Workload) async throws -> RoundResult {
        // The queue holds the whole round, so neither SDK drops a span; everything else is both
        // SDKs' default (batches of 512, 5 s delay). swift-otel ships such a queue when it shuts
        // down, and its flush copies the remaining queue once per batch: its all-threads CPU
        // figure includes that cost, which grows with the queue's length.
        var settings = PipelineSettings()
        settings.sampler = workload.sampler
        settings.maxQueueSize = workload.spans + 64
        let pipeline = try await SDK.start(settings)
        let clock = ContinuousClock()
        let allocationsBefore = ProcessMeasures.allocations()
        let cpuBefore = ProcessMeasures.cpuNanoseconds()
        let threadBefore = ProcessMeasures.threadCPUNanoseconds()
        let start = clock.now
        await workload.body(pipeline)
        let returned = clock.now
        let threadCPU = ProcessMeasures.threadCPUNanoseconds() - threadBefore
        let report = try await pipeline.finish()
        let finished = clock.now
        let cpu = ProcessMeasures.cpuNanoseconds() - cpuBefore
        let allocations = ProcessMeasures.allocations().flatMap { after in allocationsBefore.map { after - $0 } }
        let spans = Double(workload.spans)
        return RoundResult(callerNanoseconds: start.duration(to: returned).nanoseconds / spans,
                           callerThreadCPUNanoseconds: threadCPU / spans,
                           untilExportedNanoseconds: start.duration(to: finished).nanoseconds / spans,
                           cpuNanoseconds: cpu / spans,
                           allocations: allocations.map { Double($0) / spans },
                           report: report)
    }
}
