import Sightline

// ns per span on the hot paths, in a release build:
//   swift run -c release SightlineBenchmarks
// Each workload runs several rounds; the median round is reported.

/// Accepts every batch and does nothing: measures the SDK, not an exporter.
struct DiscardingExporter: SpanExporter {
    func export(_ batch: SpanBatch) async throws {}
}

let spansPerRound = 200_000
let rounds = 7
let clock = ContinuousClock()

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

func median(_ values: [Double]) -> Double {
    values.sorted()[values.count / 2]
}

func report(_ name: String, _ perSpan: Double, _ extra: String = "") {
    let padded = name + String(repeating: " ", count: max(0, 58 - name.count))
    print(padded + String(Double(Int(perSpan * 10)) / 10).leftPadded(8) + " ns/span" + (extra.isEmpty ? "" : "  " + extra))
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// `withSpan` + 5 attributes + end, inside one sampled trace, into the batch processor.
func recordedRound(_ sdk: Sightline) async -> (caller: Double, endToEnd: Double) {
    let start = clock.now
    sdk.withTrace("round") { _ in
        for index in 0..<spansPerRound {
            sdk.withSpan("operation") { span in
                span.setAttribute("http.method", "POST")
                span.setAttribute("http.status_code", 200)
                span.setAttribute("retry", false)
                span.setAttribute("ratio", 0.75)
                span.setAttribute("index", index)
            }
        }
    }
    let produced = clock.now
    await sdk.flush()
    let drained = clock.now
    return (nanoseconds(start.duration(to: produced)) / Double(spansPerRound),
            nanoseconds(start.duration(to: drained)) / Double(spansPerRound))
}

/// The same body with a sampler that drops everything (or a disabled SDK).
func unrecordedRound(_ sdk: Sightline, nestedInTrace: Bool) -> Double {
    let start = clock.now
    func body() {
        for index in 0..<spansPerRound {
            sdk.withSpan("operation") { span in
                span.setAttribute("http.method", "POST")
                span.setAttribute("http.status_code", 200)
                span.setAttribute("retry", false)
                span.setAttribute("ratio", 0.75)
                span.setAttribute("index", index)
            }
        }
    }
    if nestedInTrace { sdk.withTrace("round") { _ in body() } } else { body() }
    return nanoseconds(start.duration(to: clock.now)) / Double(spansPerRound)
}

func makeSDK(sampler: any Sampler = .parentBasedAlwaysOn, disabled: Bool = false) -> Sightline {
    Sightline(Configuration(
        serviceName: "bench", exporter: .custom(DiscardingExporter()), conventions: [.genAI], sampler: sampler,
        batch: .init(maxQueueSize: spansPerRound + 16, scheduleDelay: .milliseconds(100)),
        isDisabled: disabled))
}

print("Sightline \(SightlineVersion.current) — \(spansPerRound) spans per round, median of \(rounds) rounds")

let recorded = makeSDK()
var callerTimes: [Double] = []
var endToEndTimes: [Double] = []
for _ in 0..<rounds {
    let (caller, endToEnd) = await recordedRound(recorded)
    callerTimes.append(caller)
    endToEndTimes.append(endToEnd)
}
let dropped = recorded.diagnostics.value(of: .spansDroppedQueueFull)
let exported = recorded.diagnostics.value(of: .spansExported)
report("recorded: withSpan + 5 attributes + end (caller)", median(callerTimes))
report("recorded: same, until exported (flush included)", median(endToEndTimes),
       "exported \(exported), dropped \(dropped)")

let sampledOut = makeSDK(sampler: AlwaysOffSampler())
report("sampled out: spans inside a sampled-out trace", median((0..<rounds).map { _ in unrecordedRound(sampledOut, nestedInTrace: true) }))
report("sampled out: each span a sampled-out root", median((0..<rounds).map { _ in unrecordedRound(sampledOut, nestedInTrace: false) }))
let disabled = makeSDK(disabled: true)
report("disabled SDK (OTEL_SDK_DISABLED=true)", median((0..<rounds).map { _ in unrecordedRound(disabled, nestedInTrace: true) }))
await recorded.shutdown()
