import Foundation

// Sightline side by side with swift-otel 1.6.0 (issue 6):
//   swift build -c release --package-path Benchmarks/Comparison --product AllocationCounter
//   swift run -c release --package-path Benchmarks/Comparison AgainstSwiftOTel [--rounds 7] [--only id,id] [--burst-spans N] [--burst-queues a,b] [--burst-rss-limit-mb 6144]
// Timing: each round builds a new pipeline per SDK, runs the workload, flushes and shuts down;
// the two SDKs alternate round by round in this one process, and each figure is the median round.
// Allocations: the same workloads once more in a child process with libAllocationCounter.so preloaded.
// Bursts: one child process per SDK and queue size (so peak RSS is that SDK's), posting to a
// span-counting receiver in this process.

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "burst":
    // burst <sdk> <spans> <queue> <traces URL>
    guard arguments.count == 6, let sdk = sdkType(named: arguments[2]),
          let spans = Int(arguments[3]), let queue = Int(arguments[4]) else {
        log("usage: AgainstSwiftOTel burst <Sightline|swift-otel> <spans> <queue size> <traces URL>")
        exit(2)
    }
    let result = try await BurstResult.run(sdk, spans: spans, queue: queue, tracesURL: arguments[5])
    print(result.line)

case "allocations":
    let options = Options(arguments.dropFirst(2))
    guard ProcessMeasures.allocations() != nil else {
        log("allocations: libAllocationCounter.so is not preloaded")
        exit(2)
    }
    for workload in Workload.all where options.includes(workload.id) {
        for sdk in sdkTypes {
            _ = try await RoundResult.measure(sdk, workload)
            let measured = try await RoundResult.measure(sdk, workload)
            print("alloc \(workload.id) \(sdk.name) \(measured.allocations ?? -1)")
        }
    }

default:
    var comparison = Comparison(options: Options(arguments.dropFirst()))
    try await comparison.run()
}
