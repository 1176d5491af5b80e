import Sightline
import SightlineOTLP
#if canImport(Glibc)
import Glibc
#endif

// A burst of spans through the real OTLP/HTTP exporter (protobuf, batch processor) to a
// receiver on 127.0.0.1: spans delivered, dropped, wall time, CPU per span, peak RSS.
//   swift run -c release --package-path Benchmarks/Comparison ExportThroughput [spans] [queue size]
// The queue size defaults to the span count (nothing need be dropped); a smaller one shows
// that drops are counted exactly: delivered + dropped = created.

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let spanCount = arguments.first ?? 200_000
let queueSize = arguments.dropFirst().first ?? spanCount

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let receiver = try await LoopbackReceiver()
OTLPExporter.register()
let sightline = Sightline(Configuration(
    serviceName: "export-throughput",
    exporter: .otlp(OTLPSettings(endpoint: "http://127.0.0.1:\(receiver.port)", timeout: .seconds(30))),
    conventions: [.genAI],
    batch: .init(maxQueueSize: queueSize, scheduleDelay: .milliseconds(200), exportTimeout: .seconds(30))))

let clock = ContinuousClock()
let cpuBefore = cpuSeconds()
let start = clock.now
sightline.withTrace("burst", metadata: TraceMetadata(userId: "bench-user", threadId: "bench-thread")) { _ in
    for index in 0..<spanCount {
        sightline.withSpan("chat", type: .llm) { span in
            span.model = "gpt-4o"
            span.usage = TokenUsage(input: 120, output: 48)
            span.setAttribute("http.response.status_code", 200)
            span.setAttribute("index", index)
            span.setAttribute("stream", true)
        }
    }
}
let produced = clock.now
await sightline.flush()
let delivered = clock.now
let cpu = cpuSeconds() - cpuBefore
await sightline.shutdown(timeout: .seconds(30))
try await receiver.stop()

let created = spanCount + 1
let exported = sightline.diagnostics.value(of: .spansExported)
let dropped = sightline.diagnostics.value(of: .spansDroppedQueueFull)
let failed = sightline.diagnostics.value(of: .spansFailedExport)
let total = seconds(start.duration(to: delivered))
print("spans created      \(created) (queue \(queueSize))")
print("spans delivered    \(exported)")
print("spans dropped      \(dropped) (queue full)")
print("spans failed       \(failed)")
print("accounted for      \(exported + dropped + failed == created ? "all" : "NOT ALL: \(created - exported - dropped - failed) missing")")
print("requests, bytes    \(receiver.counters.requests.load(ordering: .relaxed)), \(receiver.counters.bodyBytes.load(ordering: .relaxed))")
print("producing          \(Int(seconds(start.duration(to: produced)) * 1000)) ms")
print("until delivered    \(Int(total * 1000)) ms, \(Int(Double(exported) / total)) spans/s")
print("CPU per span       \(Int(cpu / Double(created) * 1e9)) ns (user + system, whole process incl. receiver)")
print("peak RSS           \(Int(peakResidentMegabytes())) MB")
