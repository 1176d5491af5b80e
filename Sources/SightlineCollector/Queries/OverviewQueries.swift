import GRDB
import Sightline

/// The SQL behind ``TraceStore/overview(from:to:intervals:)``.
enum OverviewQueries {
    /// The most LLM spans the latency percentiles read (the newest traces' first).
    static let latencySampleLimit = 200_000

    static func overview(from: Timestamp, to: Timestamp, intervals count: Int, in db: Database) throws -> Overview {
        let start = SpanRecord.integer(from)
        let end = max(SpanRecord.integer(to), start + 1)
        let count = min(max(count, 1), 1_000)
        let width = max((end - start + Int64(count) - 1) / Int64(count), 1)
        var intervals = (0..<count).map { Overview.Interval(start: SpanRecord.timestamp(start + Int64($0) * width)) }
        for row in try Row.fetchAll(db, sql: """
            SELECT (start_time - ?1) / ?2, count(*), sum(error_count > 0),
                   CAST(total(coalesce(input_tokens, 0) + coalesce(output_tokens, 0)) AS INTEGER), total(cost)
            FROM traces WHERE start_time >= ?1 AND start_time < ?3 GROUP BY 1
            """, arguments: [start, width, end]) {
            let index: Int = row[0]
            guard intervals.indices.contains(index) else { continue }
            intervals[index].traces = row[1]
            intervals[index].errors = row[2]
            intervals[index].tokens = row[3]
            intervals[index].cost = row[4]
        }
        var durations: [String: [Int64]] = [:]
        var firstTokens: [String: [Int64]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT coalesce(s.response_model, s.model), s.end_time - s.start_time, s.first_token_time - s.start_time
            FROM traces t JOIN spans s ON s.trace_key = t.id
            WHERE t.start_time >= ? AND t.start_time < ? AND s.type = 'llm'
              AND coalesce(s.response_model, s.model) IS NOT NULL
            ORDER BY t.start_time DESC LIMIT \(latencySampleLimit)
            """, arguments: [start, end])
        while let row = try rows.next() {
            durations[row[0], default: []].append(max(row[1], 0))
            if let firstToken = row[2] as Int64? { firstTokens[row[0], default: []].append(max(firstToken, 0)) }
        }
        let latency = durations.keys.sorted().map { model in
            let sorted = durations[model]!.sorted()
            let streamed = (firstTokens[model] ?? []).sorted()
            return Overview.ModelLatency(model: model, calls: sorted.count, p50Nanoseconds: percentile(0.5, of: sorted),
                                         p95Nanoseconds: percentile(0.95, of: sorted), streamedCalls: streamed.count,
                                         timeToFirstTokenP50Nanoseconds: streamed.isEmpty ? nil : percentile(0.5, of: streamed),
                                         timeToFirstTokenP95Nanoseconds: streamed.isEmpty ? nil : percentile(0.95, of: streamed))
        }
        return Overview(from: SpanRecord.timestamp(start), to: SpanRecord.timestamp(end),
                        intervalNanoseconds: UInt64(width), intervals: intervals, latency: latency)
    }

    /// The nearest-rank percentile of sorted, non-empty `values`.
    static func percentile(_ fraction: Double, of values: [Int64]) -> UInt64 {
        let rank = Int((fraction * Double(values.count)).rounded(.up))
        return UInt64(values[min(max(rank, 1), values.count) - 1])
    }
}
