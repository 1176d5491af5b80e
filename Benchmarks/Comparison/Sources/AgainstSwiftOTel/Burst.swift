/// A burst of spans through one SDK's real OTLP/HTTP exporter, run in a process of its own so
/// that peak RSS and CPU belong to that SDK alone. The receiver lives in the parent process.
struct BurstResult: Sendable {
    var created: Int
    var producedMilliseconds: Double
    var deliveredMilliseconds: Double
    var cpuNanosecondsPerSpan: Double
    var peakResidentMegabytes: Double
    var sdkDropped: Int
    var sdkFailed: Int
    var sdkExported: Int?

    static func run<SDK: ComparedSDK>(_ sdk: SDK.Type, spans: Int, queue: Int, tracesURL: String) async throws -> BurstResult {
        var settings = PipelineSettings()
        settings.export = .otlpHTTP(tracesURL: tracesURL)
        settings.maxQueueSize = queue
        let pipeline = try await SDK.start(settings)
        let clock = ContinuousClock()
        let cpuBefore = ProcessMeasures.cpuNanoseconds()
        let start = clock.now
        pipeline.spansInOneTrace(spans - 1)
        let produced = clock.now
        let report = try await pipeline.finish()
        let delivered = clock.now
        let cpu = ProcessMeasures.cpuNanoseconds() - cpuBefore
        return BurstResult(created: spans,
                           producedMilliseconds: start.duration(to: produced).nanoseconds / 1e6,
                           deliveredMilliseconds: start.duration(to: delivered).nanoseconds / 1e6,
                           cpuNanosecondsPerSpan: cpu / Double(spans),
                           peakResidentMegabytes: ProcessMeasures.peakResidentMegabytes(),
                           sdkDropped: report.droppedQueueFull, sdkFailed: report.failedExport,
                           sdkExported: report.exported)
    }

    /// One line the parent parses.
    var line: String {
        "burst created=\(created) produced_ms=\(producedMilliseconds) delivered_ms=\(deliveredMilliseconds) "
            + "cpu_ns=\(cpuNanosecondsPerSpan) peak_rss_mb=\(peakResidentMegabytes) dropped=\(sdkDropped) "
            + "failed=\(sdkFailed) exported=\(sdkExported.map(String.init) ?? "-")"
    }

    init?(line: String) {
        guard line.hasPrefix("burst ") else { return nil }
        var fields: [String: String] = [:]
        for pair in line.dropFirst(6).split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let created = fields["created"].flatMap({ Int($0) }),
              let produced = fields["produced_ms"].flatMap({ Double($0) }),
              let delivered = fields["delivered_ms"].flatMap({ Double($0) }),
              let cpu = fields["cpu_ns"].flatMap({ Double($0) }),
              let rss = fields["peak_rss_mb"].flatMap({ Double($0) }),
              let dropped = fields["dropped"].flatMap({ Int($0) }),
              let failed = fields["failed"].flatMap({ Int($0) }) else { return nil }
        self.init(created: created, producedMilliseconds: produced, deliveredMilliseconds: delivered,
                  cpuNanosecondsPerSpan: cpu, peakResidentMegabytes: rss, sdkDropped: dropped, sdkFailed: failed,
                  sdkExported: fields["exported"].flatMap { Int($0) })
    }

    init(created: Int, producedMilliseconds: Double, deliveredMilliseconds: Double, cpuNanosecondsPerSpan: Double,
         peakResidentMegabytes: Double, sdkDropped: Int, sdkFailed: Int, sdkExported: Int?) {
        self.created = created
        self.producedMilliseconds = producedMilliseconds
        self.deliveredMilliseconds = deliveredMilliseconds
        self.cpuNanosecondsPerSpan = cpuNanosecondsPerSpan
        self.peakResidentMegabytes = peakResidentMegabytes
        self.sdkDropped = sdkDropped
        self.sdkFailed = sdkFailed
        self.sdkExported = sdkExported
    }
}
