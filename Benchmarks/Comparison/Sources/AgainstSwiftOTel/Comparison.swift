import Foundation

/// The whole comparison: timed rounds in this process, allocation counts in a child with the
/// counter preloaded, bursts in one child per SDK; then one markdown table.
struct Comparison {
    let options: Options

    struct Row {
        var workload: String
        var sightline: String
        var swiftOTel: String
        var ratio: String
        var command: String
    }

    private var rows: [Row] = []
    private var notes: [String] = []

    init(options: Options) {
        self.options = options
    }

    mutating func run() async throws {
        let loadAtStart = ChildProcess.loadAverage
        log("load average at start: \(loadAtStart)")
        try await timeWorkloads()
        try countAllocations()
        try await runBursts()
        let loadAtEnd = ChildProcess.loadAverage
        print("")
        let rounds = timed.isEmpty ? "" : "\(options.rounds) rounds per timed workload, median shown. "
        print("Sightline against swift-otel 1.6.0. Load average \(loadAtStart) at start, \(loadAtEnd) at end; "
            + rounds + "Ratio = swift-otel ÷ Sightline (above 1: Sightline cheaper).")
        print("Commands: `swift run -c release --package-path Benchmarks/Comparison AgainstSwiftOTel` with the options shown.")
        print("")
        print("| workload | Sightline | swift-otel | ratio | command |")
        print("|---|---:|---:|---:|---|")
        for row in rows {
            print("| \(row.workload) | \(row.sightline) | \(row.swiftOTel) | \(row.ratio) | \(row.command) |")
        }
        if !notes.isEmpty {
            print("")
            for note in notes { print("- " + note) }
        }
    }

    // MARK: Timing

    private var timed: [String: [String: [RoundResult]]] = [:]

    private mutating func timeWorkloads() async throws {
        for workload in Workload.all where options.includes(workload.id) {
            log("\(workload.id): warm-up")
            for sdk in sdkTypes { _ = try await RoundResult.measure(sdk, workload) }
            var results: [String: [RoundResult]] = [:]
            for round in 0..<options.rounds {
                for sdk in round % 2 == 0 ? sdkTypes : sdkTypes.reversed() {
                    results[sdk.name, default: []].append(try await RoundResult.measure(sdk, workload))
                }
            }
            timed[workload.id] = results
            let sightline = results[SightlineUnderTest.name] ?? []
            let otel = results[SwiftOTelUnderTest.name] ?? []
            for (name, rounds) in [(SightlineUnderTest.name, sightline), (SwiftOTelUnderTest.name, otel)] {
                log("  \(name): caller \(Formatting.spread(rounds.map(\.callerNanoseconds))) ns/span, "
                    + "until exported \(Formatting.spread(rounds.map(\.untilExportedNanoseconds))), "
                    + "CPU \(Formatting.spread(rounds.map(\.cpuNanoseconds)))")
            }
            checkNothingLost(workload, sightline: sightline, swiftOTel: otel)
            let command = "`--only \(workload.id)`"
            rows.append(row("\(workload.title): caller ns per span", sightline.map(\.callerNanoseconds),
                            otel.map(\.callerNanoseconds), command))
            if workload.runsOnOneThread {
                rows.append(row("\(workload.title): caller thread's CPU ns per span", sightline.map(\.callerThreadCPUNanoseconds),
                                otel.map(\.callerThreadCPUNanoseconds), command))
            }
            rows.append(row("\(workload.title): CPU ns per span, all threads, until exported",
                            sightline.map(\.cpuNanoseconds), otel.map(\.cpuNanoseconds), command))
        }
    }

    private func row(_ workload: String, _ sightline: [Double], _ otel: [Double], _ command: String) -> Row {
        let s = Formatting.median(sightline)
        let o = Formatting.median(otel)
        return Row(workload: workload, sightline: Formatting.number(s), swiftOTel: Formatting.number(o),
                   ratio: Formatting.ratio(o, over: s), command: command)
    }

    /// Every span must be accounted for. With the default queue (2048) an SDK may drop spans
    /// when its export loop falls behind: the drops are reported, not hidden. Sightline also says
    /// how many it exported: exported + dropped must be every recorded span.
    private mutating func checkNothingLost(_ workload: Workload, sightline: [RoundResult], swiftOTel: [RoundResult]) {
        for (name, rounds) in [(SightlineUnderTest.name, sightline), (SwiftOTelUnderTest.name, swiftOTel)] {
            let dropped = rounds.map(\.report.droppedQueueFull)
            let failed = rounds.map(\.report.failedExport).reduce(0, +)
            if dropped.contains(where: { $0 > 0 }) || failed > 0 {
                notes.append("\(workload.id): \(name) dropped \(dropped.map(String.init).joined(separator: ", ")) spans (queue full) "
                    + "in its rounds of \(Formatting.count(workload.spans)); \(failed) failed export")
            }
        }
        if workload.sampler == .parentBasedAlwaysOn {
            let expected = workload.id == "nested" ? workload.spans : workload.spans + 1
            for result in sightline where (result.report.exported ?? 0) + result.report.droppedQueueFull != expected {
                notes.append("\(workload.id): Sightline exported \(result.report.exported ?? -1) and dropped "
                    + "\(result.report.droppedQueueFull) of \(expected) spans")
            }
        }
    }

    // MARK: Allocations

    private mutating func countAllocations() throws {
        let ids = Workload.all.map(\.id).filter(options.includes)
        guard !ids.isEmpty else { return }
        guard let counter = ChildProcess.allocationCounterPath else {
            notes.append("allocations not counted: build the counter first (`swift build -c release --package-path Benchmarks/Comparison --product AllocationCounter`)")
            return
        }
        log("allocations: child process with \(counter) preloaded")
        let lines = try ChildProcess.run(["allocations", "--only", ids.joined(separator: ",")],
                                         environment: ["LD_PRELOAD": counter])
        var counts: [String: [String: Double]] = [:]
        for line in lines where line.hasPrefix("alloc ") {
            let fields = line.split(separator: " ")
            guard fields.count == 4, let value = Double(fields[3]) else { continue }
            counts[String(fields[1]), default: [:]][String(fields[2])] = value
        }
        for workload in Workload.all where ids.contains(workload.id) {
            guard let s = counts[workload.id]?[SightlineUnderTest.name], let o = counts[workload.id]?[SwiftOTelUnderTest.name] else { continue }
            let row = Row(workload: "\(workload.title): allocations per span, all threads, until exported",
                          sightline: Formatting.number(s), swiftOTel: Formatting.number(o),
                          ratio: Formatting.ratio(o, over: s), command: "`--only \(workload.id)`")
            // Keep the three figures of a workload together.
            let last = rows.lastIndex { $0.workload.hasPrefix(workload.title) }
            rows.insert(row, at: last.map { $0 + 1 } ?? rows.endIndex)
        }
    }

    // MARK: Bursts

    private mutating func runBursts() async throws {
        guard options.includes("burst"), !options.burstQueues.isEmpty else { return }
        let receiver = try await SpanCountingReceiver()
        defer { Task { [receiver] in try? await receiver.stop() } }
        for queue in options.burstQueues {
            var results: [String: BurstOutcome] = [:]
            for sdk in sdkTypes {
                log("burst: \(sdk.name), \(options.burstSpans) spans, queue \(queue)")
                let before = receiver.counters.spans.load(ordering: .relaxed)
                let lines: [String]
                do {
                    lines = try ChildProcess.run(["burst", sdk.name, String(options.burstSpans), String(queue), receiver.tracesURL],
                                                 residentLimitMegabytes: options.burstResidentLimitMegabytes)
                } catch let stop as ChildProcess.ChildStopped {
                    try await Task.sleep(for: .milliseconds(200))
                    let delivered = receiver.counters.spans.load(ordering: .relaxed) - before
                    log("  \(stop); delivered \(delivered) before that")
                    results[sdk.name] = .stopped(stop, delivered: delivered)
                    continue
                }
                // The child returns once its SDK has shut down; give the last responses a moment to be counted.
                try await Task.sleep(for: .milliseconds(200))
                let delivered = receiver.counters.spans.load(ordering: .relaxed) - before
                guard let burst = lines.compactMap(BurstResult.init(line:)).first else {
                    notes.append("burst \(sdk.name) queue \(queue): no result line; output: \(lines.joined(separator: " / "))")
                    continue
                }
                log("  delivered \(delivered), \(burst.line)")
                results[sdk.name] = .finished(burst, delivered: delivered)
            }
            guard let s = results[SightlineUnderTest.name], let o = results[SwiftOTelUnderTest.name] else { continue }
            addBurstRows(queue: queue, sightline: s, swiftOTel: o)
        }
        let malformed = receiver.counters.malformedRequests.load(ordering: .relaxed)
        if malformed > 0 { notes.append("the receiver could not read \(malformed) requests") }
    }

    enum BurstOutcome {
        case finished(BurstResult, delivered: Int)
        case stopped(ChildProcess.ChildStopped, delivered: Int)
    }

    private mutating func addBurstRows(queue: Int, sightline: BurstOutcome, swiftOTel: BurstOutcome) {
        let title = "burst of \(Formatting.count(options.burstSpans)) spans, OTLP/HTTP to loopback, queue \(Formatting.count(queue))"
        let command = "`--only burst --burst-queues \(queue)`"
        /// One row: each side's figure from a finished run, or "stopped" text; a ratio when both finished.
        func add(_ what: String, ratio: Bool = false, _ figure: (BurstResult, Int) -> Double, _ format: (Double) -> String,
                 stopped: (ChildProcess.ChildStopped, Int) -> String) {
            func cell(_ outcome: BurstOutcome) -> (String, Double?) {
                switch outcome {
                case .finished(let burst, let delivered): let value = figure(burst, delivered); return (format(value), value)
                case .stopped(let stop, let delivered): return (stopped(stop, delivered), nil)
                }
            }
            let (s, sValue) = cell(sightline)
            let (o, oValue) = cell(swiftOTel)
            let ratioText = ratio ? (sValue.flatMap { s in oValue.map { Formatting.ratio($0, over: s) } } ?? "") : ""
            rows.append(Row(workload: "\(title): \(what)", sightline: s, swiftOTel: o, ratio: ratioText, command: command))
        }
        let count = { (value: Double) in Formatting.count(Int(value)) }
        let seconds = { (value: Double) in String(Double(Int(value / 10)) / 100) }
        let unknown = { (_: ChildProcess.ChildStopped, _: Int) in "—" }
        add("delivered (counted by the receiver)", { Double($1) }, count) { _, delivered in
            "\(Formatting.count(delivered)) before it was stopped"
        }
        add("dropped, as the SDK reports it", { burst, _ in Double(burst.sdkDropped) }, count, stopped: unknown)
        add("failed export, as the SDK reports it", { burst, _ in Double(burst.sdkFailed) }, count, stopped: unknown)
        add("delivered + dropped + failed = created?", { burst, delivered in
            Double(burst.created - delivered - burst.sdkDropped - burst.sdkFailed)
        }, { $0 == 0 ? "all" : "\(Formatting.count(Int($0))) unaccounted" }, stopped: unknown)
        add("wall time until delivered, s", ratio: true, { burst, _ in burst.deliveredMilliseconds }, seconds) { stop, _ in
            "stopped after \(Int(stop.seconds)) s"
        }
        add("producing the spans (caller), s", ratio: true, { burst, _ in burst.producedMilliseconds }, seconds, stopped: unknown)
        add("CPU ns per span, sender process", ratio: true, { burst, _ in burst.cpuNanosecondsPerSpan }, Formatting.number,
            stopped: unknown)
        add("peak RSS of the sender process, MB", ratio: true, { burst, _ in burst.peakResidentMegabytes }, Formatting.number) { stop, _ in
            "over \(Formatting.count(stop.residentMegabytes)) (killed at the limit)"
        }
    }
}
