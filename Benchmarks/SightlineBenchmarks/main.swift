import Foundation
import Sightline
import Synchronization

// ns per span on the hot paths, in a release build:
//   swift run -c release SightlineBenchmarks [--recorded-only]
// Each workload runs several rounds; the median round is reported. `--recorded-only` stops after
// the recorded batch workload, for profiling it alone (`perf record -g`).

/// Accepts every batch and does nothing: measures the SDK, not an exporter.
struct DiscardingExporter: SpanExporter {
    func export(_ batch: SpanBatch) async throws {}
}

/// Drops spans as they end: the caller-side cost without the hand-off to the export loop.
struct DiscardingProcessor: SpanProcessor {
    func onEnd(_ span: FinishedSpan) {}
    func forceFlush() async {}
    func shutdown(timeout: Duration) async {}
}

let spansPerRound = 200_000
let rounds = 7
let clock = ContinuousClock()

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// CPU time of the whole process (every thread) so far, in ns: unlike wall time, it does not
/// count the time this process waits while other processes run.
func processCPUNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

func report(_ name: String, _ perSpan: Double, _ extra: String = "") {
    let figure = String(Double(Int(perSpan * 10)) / 10)
    let padded = name + String(repeating: " ", count: max(0, 60 - name.count))
    print(padded + String(repeating: " ", count: max(0, 8 - figure.count)) + figure + " ns/span"
        + (extra.isEmpty ? "" : "  " + extra))
}

@inline(__always)
func fiveAttributes(_ span: Span, _ index: Int) {
    span.setAttribute("http.method", "POST")
    span.setAttribute("http.status_code", 200)
    span.setAttribute("retry", false)
    span.setAttribute("ratio", 0.75)
    span.setAttribute("index", index)
}

/// `withSpan` + 5 attributes + end, inside one trace; returns the caller's ns per span.
func syncRound(_ sdk: Sightline) -> Double {
    let start = clock.now
    sdk.withTrace("round") { _ in
        for index in 0..<spansPerRound {
            sdk.withSpan("operation") { span in fiveAttributes(span, index) }
        }
    }
    return nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound)
}

/// An async call that never suspends: makes the closure async without scheduling work.
@inline(never)
func asyncNoOp() async {}

func asyncRound(_ sdk: Sightline) async -> Double {
    let start = clock.now
    await sdk.withTrace("round") { _ in
        for index in 0..<spansPerRound {
            await sdk.withSpan("operation") { span in
                await asyncNoOp()
                fiveAttributes(span, index)
            }
        }
    }
    return nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound)
}

func makeSDK(sampler: any Sampler = .parentBasedAlwaysOn, disabled: Bool = false,
             processor: (any SpanProcessor)? = nil) -> Sightline {
    Sightline(Configuration(
        serviceName: "bench", exporter: processor == nil ? .custom(DiscardingExporter()) : .none,
        conventions: [.genAI], sampler: sampler,
        batch: .init(maxQueueSize: spansPerRound + 16, scheduleDelay: .milliseconds(100)),
        isDisabled: disabled, additionalProcessors: processor.map { [$0] } ?? []))
}

/// Keeps every span that ends, as a queue sized for a burst does.
final class HoldingProcessor: SpanProcessor, @unchecked Sendable {
    // Unchecked Sendable: only the benchmark's one thread touches it.
    var held: [FinishedSpan] = []
    func onEnd(_ span: FinishedSpan) { held.append(span) }
    func forceFlush() async {}
    func shutdown(timeout: Duration) async {}
}

#if os(Linux)
/// Resident memory of this process, from `/proc/self/statm`.
func residentBytes() -> Double {
    let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
    return fields.count > 1 ? (Double(fields[1]) ?? 0) * Double(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// Memory a finished span occupies while it waits in a queue: what a burst costs. Measured
/// first, while no freed memory waits in malloc's free lists to be reused unseen.
func residentBytesPerHeldSpan() -> Double {
    let holding = HoldingProcessor()
    holding.held.reserveCapacity(spansPerRound)
    let sdk = makeSDK(processor: holding)
    let before = residentBytes()
    _ = syncRound(sdk)
    return (residentBytes() - before) / Double(holding.held.count)
}
#endif

print("Sightline \(SightlineVersion.current): \(spansPerRound) spans per round, median of \(rounds) rounds")
#if os(Linux)
print("memory: resident bytes per ended span held in a queue".padding(toLength: 60, withPad: " ", startingAt: 0)
      + String(format: "%8.0f bytes", residentBytesPerHeldSpan()))
#endif
Primitives.measureAll()

let recorded = makeSDK()
var caller: [Double] = []
var endToEnd: [Double] = []
var cpu: [Double] = []
for _ in 0..<rounds {
    let start = clock.now
    let cpuStart = processCPUNanoseconds()
    caller.append(syncRound(recorded))
    await recorded.flush()
    endToEnd.append(nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound))
    cpu.append((processCPUNanoseconds() - cpuStart) / Double(spansPerRound))
}
report("recorded: withSpan + 5 attributes + end, batch processor", median(caller))
report("recorded: same, CPU of all threads until exported", median(cpu))
report("recorded: same, until exported (flush included)", median(endToEnd),
       "exported \(recorded.diagnostics.value(of: .spansExported)), dropped \(recorded.diagnostics.value(of: .spansDroppedQueueFull))")
if CommandLine.arguments.contains("--recorded-only") { exit(0) }

var asyncTimes: [Double] = []
var noOpOnly: [Double] = []
for _ in 0..<rounds {
    asyncTimes.append(await asyncRound(recorded))
    await recorded.flush()
    let start = clock.now
    for _ in 0..<spansPerRound { await asyncNoOp() }
    noOpOnly.append(nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound))
}
report("recorded: async withSpan + 5 attributes + end", median(asyncTimes) - median(noOpOnly))

let callerOnly = makeSDK(processor: DiscardingProcessor())
report("recorded: caller side only (processor drops at end)", median((0..<rounds).map { _ in syncRound(callerOnly) }))

let sampledOut = makeSDK(sampler: AlwaysOffSampler())
report("sampled out: spans inside a sampled-out trace", median((0..<rounds).map { _ in syncRound(sampledOut) }))
report("sampled out: each span a sampled-out root", median((0..<rounds).map { _ in
    let start = clock.now
    for index in 0..<spansPerRound { sampledOut.withSpan("operation") { span in fiveAttributes(span, index) } }
    return nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound)
}))
let disabled = makeSDK(disabled: true)
report("disabled SDK (OTEL_SDK_DISABLED=true)", median((0..<rounds).map { _ in syncRound(disabled) }))
await recorded.shutdown()
