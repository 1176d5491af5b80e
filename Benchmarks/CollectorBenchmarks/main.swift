import Foundation
import Sightline
import SightlineCollector
import Synchronization

// The collector's store in a release build: ingest rate, then query latency over what was stored.
//   swift build -c release --product CollectorBenchmarks
//   .build/release/CollectorBenchmarks [span count, default 1000000] [--senders N, default 4]
//                                      [--db PATH | --store clickhouse://host:8123/database] [--ingest-only]
//                                      [--repeats N: each query N times, default 50]
//   .build/release/CollectorBenchmarks --insert-formats [--rounds N, default 15] [--encodings N, default 10]
//                                      --store clickhouse://host:8123/prefix   (RowBinary against JSONEachRow)
//   .build/release/CollectorBenchmarks --final-probe --store clickhouse://...  (see Benchmarks/ClickHouse/final_cost.py)
// Spans arrive in batches of 512 (a full OTLP export batch): traces of four realistic LLM spans
// (workflow root, retrieval, chat completion, tool call) from 10,000 users in 50,000 threads,
// every span stamped with its trace's identity and labels, custom metadata on the root.
// `--senders` threads ingest at once, as concurrent requests to the collector do; each builds
// its next batch, then calls `ingest`, which returns once the batch is synced to disk.

let clock = ContinuousClock()
let batchSize = 512
let spansPerTrace = 4

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

/// CPU time this process has used (user + system), in milliseconds.
func processCPUMilliseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

// MARK: Arguments

var spanCount = 1_000_000
var databasePath: String?
var clickHouseAddress: ClickHouseAddress?
var runsQueries = true
var senders = 4
var queryRepeats = 50
var comparesInsertFormats = false
var probesFinal = false
var formatRounds = 15
var formatEncodings = 10
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--db", let path = arguments.popFirst() {
        databasePath = path
    } else if argument == "--store", let address = arguments.popFirst() {
        clickHouseAddress = try ClickHouseAddress(parsing: address)
    } else if argument == "--senders", let count = arguments.popFirst().flatMap({ Int($0) }), count > 0 {
        senders = count
    } else if argument == "--repeats", let count = arguments.popFirst().flatMap({ Int($0) }), count > 0 {
        queryRepeats = count
    } else if argument == "--insert-formats" {
        comparesInsertFormats = true
    } else if argument == "--rounds", let count = arguments.popFirst().flatMap({ Int($0) }), count > 0 {
        formatRounds = count
    } else if argument == "--encodings", let count = arguments.popFirst().flatMap({ Int($0) }), count > 0 {
        formatEncodings = count
    } else if argument == "--final-probe" {
        probesFinal = true
    } else if argument == "--ingest-only" {
        runsQueries = false
    } else if let count = Int(argument), count >= batchSize {
        spanCount = count
    } else {
        print("usage: CollectorBenchmarks [span count >= \(batchSize)] [--senders N] [--db PATH | --store clickhouse://...] [--ingest-only]")
        exit(2)
    }
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
let path = databasePath ?? directory.appendingPathComponent("bench.db").path

// MARK: Workload

let userCount = 10_000
let threadsPerUser = 5
let baseTime: UInt64 = 1_750_000_000_000_000_000
let regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south"]
let question = "My invoice for last month shows a charge I do not recognise. Can you explain the line items and whether a refund is possible?"
let answer = "I looked at your last invoice: the extra charge is the annual add-on renewal. Refunds within 30 days are possible; I have opened a request for you."

/// Deterministic pseudo-random numbers (SplitMix64): the same workload on every run.
struct Mixer {
    static func value(_ seed: Int, _ salt: UInt64) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 &+ salt
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func unit(_ seed: Int, _ salt: UInt64) -> Double {
        Double(value(seed, salt) >> 11) / Double(1 << 53)
    }
}

struct TraceShape {
    let index: Int
    let id: String
    let user: String
    let thread: String
    let customer: String
    let labels: [String]
    let metadata: [String: JSONValue]
    let start: UInt64

    init(index: Int) {
        self.index = index
        id = String(format: "%016llx%016llx", Mixer.value(index, 1), UInt64(index))
        let userIndex = Int(Mixer.value(index, 2) % UInt64(userCount))
        user = "user-\(userIndex)"
        thread = "thread-\(userIndex)-\(Mixer.value(index, 3) % UInt64(threadsPerUser))"
        customer = "customer-\(userIndex % 200)"
        var labels = [Mixer.unit(index, 4) < 0.9 ? "production" : "staging"]
        if Mixer.unit(index, 5) < 0.05 { labels.append("vip") }
        if Mixer.unit(index, 6) < 0.02 { labels.append("billing") }
        self.labels = labels
        metadata = [
            "variant": Mixer.value(index, 7) % 2 == 0 ? "A" : "B",
            "score": .double(Mixer.unit(index, 8)),
            "region": .string(regions[Int(Mixer.value(index, 9) % UInt64(regions.count))]),
            "app_version": "1.4.2",
            "turn": .int(Int64(Mixer.value(index, 10) % 12)),
        ]
        start = baseTime + UInt64(index) * 20_000_000  // a trace every 20 ms
    }

    /// The four spans, in the order they end (children first, as an SDK exports them).
    func spans() -> [CollectedSpan] {
        // Span ids end in 0 (root) to 3, so they are distinct within the trace.
        let root = id.suffix(16).dropLast(1) + "0"
        func span(_ spanId: String, parent: String?, name: String, type: SpanType, from: UInt64, to: UInt64) -> CollectedSpan {
            CollectedSpan(traceId: id, spanId: spanId, parentSpanId: parent, name: name, kind: parent == nil ? "server" : "internal",
                          type: type, startTime: Timestamp(nanosecondsSinceEpoch: start + from),
                          endTime: Timestamp(nanosecondsSinceEpoch: start + to), userId: user, threadId: thread,
                          customerId: customer, labels: labels, serviceName: "chat-service")
        }
        var retrieval = span(String(root.dropLast(1)) + "1", parent: String(root), name: "retrieve-documents", type: .rag,
                             from: 1_000_000, to: 4_000_000)
        retrieval.input = question
        retrieval.output = #"["doc-billing-faq","doc-refund-policy"]"#
        retrieval.attributes = ["gen_ai.operation.name": "retrieval", "langwatch.span.type": "rag", "user.id": .string(user),
                                "gen_ai.conversation.id": .string(thread), "langwatch.labels": .array(labels.map(JSONValue.string))]

        let messages = #"[{"role":"system","content":"You are a helpful support agent. Context: billing FAQ, refund policy."},{"role":"user","content":"\#(question)"}]"#
        var chat = span(String(root.dropLast(1)) + "2", parent: String(root), name: "chat", type: .llm,
                        from: 4_500_000, to: 15_000_000)
        chat.input = messages
        chat.output = #"[{"role":"assistant","content":"\#(answer)"}]"#
        chat.model = "gpt-4o"
        chat.responseModel = "gpt-4o-2024-08-06"
        chat.provider = "openai"
        chat.inputTokens = 180 + Int(Mixer.value(index, 11) % 300)
        chat.outputTokens = 40 + Int(Mixer.value(index, 12) % 120)
        chat.cost = Double(chat.inputTokens!) * 0.000_002_5 + Double(chat.outputTokens!) * 0.000_01
        chat.attributes = [
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.response.model": "gpt-4o-2024-08-06",
            "gen_ai.provider.name": "openai", "gen_ai.usage.input_tokens": .int(Int64(chat.inputTokens!)),
            "gen_ai.usage.output_tokens": .int(Int64(chat.outputTokens!)), "gen_ai.request.temperature": 0.2,
            "gen_ai.request.max_tokens": 512, "user.id": .string(user), "gen_ai.conversation.id": .string(thread),
            "langwatch.span.type": "llm", "langwatch.labels": .array(labels.map(JSONValue.string)),
            "gen_ai.input.messages": .string(messages),
        ]

        var tool = span(String(root.dropLast(1)) + "3", parent: String(chat.spanId), name: "lookup_invoice", type: .tool,
                        from: 8_000_000, to: 9_500_000)
        tool.input = #"{"invoice":"INV-2025-0042"}"#
        tool.output = #"{"lines":[{"item":"annual add-on","amount":49.0}],"total":49.0}"#
        tool.attributes = ["gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_invoice",
                           "user.id": .string(user)]

        var rootSpan = span(String(root), parent: nil, name: "handle-message", type: .workflow, from: 0, to: 16_000_000)
        rootSpan.metadata = metadata
        rootSpan.attributes = ["gen_ai.operation.name": "invoke_workflow", "http.route": "/chat",
                               "http.response.status_code": 200, "user.id": .string(user),
                               "gen_ai.conversation.id": .string(thread)]
        return [retrieval, tool, chat, rootSpan]
    }
}

func batch(_ number: Int) -> [CollectedSpan] {
    let tracesPerBatch = batchSize / spansPerTrace
    return (0..<tracesPerBatch).flatMap { TraceShape(index: number * tracesPerBatch + $0).spans() }
}

if comparesInsertFormats || probesFinal {
    guard let clickHouseAddress else {
        print("--insert-formats and --final-probe need --store clickhouse://...")
        exit(2)
    }
    if comparesInsertFormats {
        try compareInsertFormats(address: clickHouseAddress, rounds: formatRounds, encodings: formatEncodings, batch: batch)
    } else {
        try probeFinalQueries(address: clickHouseAddress, batch: batch)
    }
    exit(0)
}

// MARK: Ingest

print("CollectorBenchmarks: \(spanCount) spans in batches of \(batchSize) from \(senders) senders, "
    + (clickHouseAddress.map { "ClickHouse at \($0)" } ?? "database \(path)"))
let store: any TraceStoring = try clickHouseAddress.map { try ClickHouseTraceStore(address: $0) } ?? TraceStore(path: path)
let batches = spanCount / batchSize

struct IngestTally {
    var stored = 0
    var batchMilliseconds: [Double] = []
    var failure: (any Error)?
}
let tally = Mutex(IngestTally())
let senderCount = senders
let cpuStart = processCPUMilliseconds()
let ingestStart = clock.now
DispatchQueue.concurrentPerform(iterations: senderCount) { sender in
    for number in stride(from: sender, to: batches, by: senderCount) {
        let spans = batch(number)
        let start = clock.now
        do {
            let summary = try store.ingest(spans)
            let elapsed = milliseconds(start.duration(to: clock.now))
            tally.withLock { tally in
                tally.stored += summary.storedSpans
                tally.batchMilliseconds.append(elapsed)
                if tally.batchMilliseconds.count.isMultiple(of: 200) {
                    print("  \(tally.stored) spans stored")
                }
            }
        } catch {
            tally.withLock { $0.failure = error }
            return
        }
    }
}
let ingestSeconds = milliseconds(ingestStart.duration(to: clock.now)) / 1000
let ingestCPU = processCPUMilliseconds() - cpuStart
let result = tally.withLock { $0 }
if let failure = result.failure {
    print("ingest failed: \(failure)")
    exit(1)
}
let stored = result.stored
let batchTimes = result.batchMilliseconds.sorted()
let databaseBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
print("")
print("ingest: \(stored) spans (\(stored / spansPerTrace) traces) in \(format(ingestSeconds)) s = "
    + "\(format(Double(stored) / ingestSeconds, 0)) spans/s with \(senders) senders")
print("ingest call per 512-span batch (returns once synced): median \(format(batchTimes[batchTimes.count / 2])) ms, "
    + "p99 \(format(batchTimes[batchTimes.count * 99 / 100])) ms, max \(format(batchTimes.last!)) ms")
print("CPU (user + system, building batches included): \(format(ingestCPU / Double(stored) * 1000, 1)) µs per span")
print("database: \(format(Double(databaseBytes) / 1_048_576, 0)) MiB")
if let header = FileManager.default.contents(atPath: path)?.prefix(18), header.count == 18 {
    print("page size: \(Int(header[16]) << 8 | Int(header[17])) bytes")  // bytes 16-17 of the file header
}

// MARK: Queries

/// Runs `query` for each of `inputs` against a second, read-only store (as `sightline traces`
/// does beside `serve`), and prints the latency distribution.
func measure<Input>(_ name: String, _ inputs: [Input], _ query: (Input) throws -> Int) rethrows {
    var times: [Double] = []
    var results = 0
    for input in inputs {
        let start = clock.now
        results += try query(input)
        times.append(milliseconds(start.duration(to: clock.now)))
    }
    times.sort()
    let padded = name + String(repeating: " ", count: max(1, 44 - name.count))
    print(padded + "median \(format(times[times.count / 2])) ms   p90 \(format(times[times.count * 9 / 10])) ms   "
        + "max \(format(times.last!)) ms   (\(inputs.count) queries, \(format(Double(results) / Double(inputs.count), 1)) rows each)")
}

if !runsQueries {
    try? FileManager.default.removeItem(at: directory)
    exit(0)
}
let reader: any TraceStoring = try clickHouseAddress.map { try ClickHouseTraceStore(address: $0, options: .init(readOnly: true)) }
    ?? TraceStore(path: path, readOnly: true)
let traceCount = stored / spansPerTrace
let sampleTraces = (0..<queryRepeats).map { TraceShape(index: Int(Mixer.value($0, 99) % UInt64(traceCount))) }
print("")
print("queries over \(stored) spans, newest 50 matches per filter, each query \(queryRepeats) times:")
try measure("traces --user", sampleTraces.map(\.user)) { try reader.traces(TraceFilter(userId: $0)).count }
try measure("traces --thread", sampleTraces.map(\.thread)) { try reader.traces(TraceFilter(threadId: $0)).count }
try measure("thread (conversation)", sampleTraces.map(\.thread)) { try reader.thread(id: $0).count }
try measure("traces --customer", sampleTraces.map(\.customer)) { try reader.traces(TraceFilter(customerId: $0)).count }
try measure("traces --label production (90%)", Array(repeating: "production", count: queryRepeats)) {
    try reader.traces(TraceFilter(label: $0)).count
}
try measure("traces --label billing (2%)", Array(repeating: "billing", count: queryRepeats)) {
    try reader.traces(TraceFilter(label: $0)).count
}
try measure("traces --meta region=<r>", (0..<queryRepeats).map { "region=" + regions[$0 % regions.count] }) {
    try reader.traces(TraceFilter(metadata: [MetadataCondition(parsing: $0)])).count
}
try measure("traces --meta 'score>0.8' (20%)", Array(repeating: "score>0.8", count: queryRepeats)) {
    try reader.traces(TraceFilter(metadata: [MetadataCondition(parsing: $0)])).count
}
try measure("traces --meta 'score>0.9995' (0.05%)", Array(repeating: "score>0.9995", count: queryRepeats)) {
    try reader.traces(TraceFilter(metadata: [MetadataCondition(parsing: $0)])).count
}
try measure("traces --user --label vip", sampleTraces.map(\.user)) {
    try reader.traces(TraceFilter(userId: $0, label: "vip")).count
}
try measure("traces --label vip --meta variant=B --meta 'score>0.5'", Array(repeating: "vip", count: queryRepeats)) {
    try reader.traces(TraceFilter(label: $0, metadata: [MetadataCondition(parsing: "variant=B"),
                                                        MetadataCondition(parsing: "score>0.5")])).count
}
try measure("trace ID (span tree)", sampleTraces.map(\.id)) { try reader.trace(id: $0, spanOffset: 0, spanLimit: .max)?.spans.count ?? 0 }
try measure("users (totals over every trace)", [0, 1, 2]) { _ in try reader.users().count }

try? FileManager.default.removeItem(at: directory)
