import Sightline
import SightlineCollector

// `--final-probe` (issue 20): one call of each store operation whose SQL reads `patches` with
// `FINAL`, against a store that holds the workload already. Run through a proxy that records
// the queries that read `patches` (Benchmarks/ClickHouse/final_cost.py), which then times each
// with FINAL, without it and with a LIMIT 1 BY fold.
func probeFinalQueries(address: ClickHouseAddress, batch: (Int) -> [CollectedSpan]) throws {
    let store = try ClickHouseTraceStore(address: address)
    let stored = batch(0)
    let traceId = stored[0].traceId
    // Spans stored already: the read before the insert (ClickHouseTraceState) runs, nothing is inserted.
    let summary = try store.ingest(stored)
    print("ingest of a stored batch: \(summary.duplicateSpans) duplicates")
    // The read before a patch counts the patches that wait for the trace; the patch is one row.
    print("mergeMetadata: \(try store.mergeMetadata(traceId: traceId, MetadataPatch(custom: ["probe": "1"])))")
    print("statistics: \(try store.statistics())")
    print("traces, newest 50: \(try store.traces(TraceFilter()).count)")
    print("traces --user: \(try store.traces(TraceFilter(userId: stored[0].userId)).count)")
    print("trace ID: \(try store.trace(id: traceId, spanOffset: 0, spanLimit: .max)?.spans.count ?? 0) spans")
}
