import Foundation
import Sightline
import SightlineCollector

// `--insert-formats` (issue 20): the ClickHouse store's inserts in RowBinary against the same
// rows in JSONEachRow. For each round, one new 512-span batch of the workload is encoded both
// ways (the collector's CPU, several times each) and inserted into `spans` of two fresh
// databases with the store's schema (the materialized views run as on ingest), the formats'
// order alternating. At the end both tables must hold identical rows.

/// The `spans` rows of a batch as JSONEachRow, the values ``ClickHouseSpanRows`` writes in
/// RowBinary: for this measurement only. Strings are ClickHouse strings (any bytes): the binary
/// columns (`CompactValue`) go in as raw bytes with only `"`, `\` and control bytes escaped, as
/// ClickHouse itself writes such strings. `trace_labels` is the span's labels: the workload's
/// traces are new and hold fewer than ``CollectorLimits/labelsPerTrace``.
struct JSONEachRowSpans {
    private(set) var bytes: [UInt8] = []
    private var scratch: [UInt8] = []

    init(_ spans: [CollectedSpan], receivedAt: UInt64) {
        for span in spans { append(span, receivedAt: receivedAt) }
    }

    private mutating func append(_ span: CollectedSpan, receivedAt: UInt64) {
        byte(UInt8(ascii: "{"))
        field("trace_id", first: true); string(TraceIdentifier.canonical(span.traceId))
        field("span_id"); string(span.spanId)
        field("parent_span_id"); optional(span.parentSpanId) { $0.string($1) }
        field("name"); string(span.name)
        field("kind"); optional(span.kind) { $0.string($1) }
        field("type"); string(span.type.rawValue)
        field("start_ns"); integer(span.startTime.nanosecondsSinceEpoch)
        field("end_ns"); integer(span.endTime.nanosecondsSinceEpoch)
        field("first_token_ns"); optional(span.firstTokenTime) { $0.integer($1.nanosecondsSinceEpoch) }
        field("is_error"); integer(span.isError ? 1 : 0)
        field("status_message"); optional(span.statusMessage) { $0.string($1) }
        field("input"); optional(span.input) { $0.string($1) }
        field("output"); optional(span.output) { $0.string($1) }
        field("model"); optional(span.model) { $0.string($1) }
        field("response_model"); optional(span.responseModel) { $0.string($1) }
        field("provider"); optional(span.provider) { $0.string($1) }
        field("input_tokens"); optional(span.inputTokens) { $0.signed(Int64($1)) }
        field("output_tokens"); optional(span.outputTokens) { $0.signed(Int64($1)) }
        field("cache_read_tokens"); optional(span.cacheReadTokens) { $0.signed(Int64($1)) }
        field("cache_creation_tokens"); optional(span.cacheCreationTokens) { $0.signed(Int64($1)) }
        field("reasoning_tokens"); optional(span.reasoningTokens) { $0.signed(Int64($1)) }
        field("cost"); optional(span.cost) { $0.double($1) }
        field("cost_computed"); integer(span.costComputed ? 1 : 0)
        field("user_id"); optional(span.userId) { $0.string($1) }
        field("thread_id"); optional(span.threadId) { $0.string($1) }
        field("customer_id"); optional(span.customerId) { $0.string($1) }
        field("labels"); strings(span.labels)
        field("metadata"); object(span.metadata.mapValues(\.jsonString)) { $0.string($1) }
        field("metadata_numbers"); object(span.metadata.compactMapValues(MetadataColumns.number)) { $0.double($1) }
        CompactValue.write(span.metadata, into: &scratch)
        field("metadata_values"); binary(scratch)
        CompactValue.write(span.attributes, into: &scratch)
        field("attributes"); binary(scratch)
        CompactValue.write(span.events, into: &scratch)
        field("events"); binary(scratch)
        CompactValue.write(.array(span.links.map(\.storedValue)), into: &scratch)
        field("links"); binary(scratch)
        field("service_name"); optional(span.serviceName) { $0.string($1) }
        field("ingested_ns"); integer(receivedAt)
        field("trace_labels"); strings(span.labels)
        bytes.append(contentsOf: "}\n".utf8)
    }

    private mutating func byte(_ value: UInt8) { bytes.append(value) }

    private mutating func field(_ name: StaticString, first: Bool = false) {
        if !first { byte(UInt8(ascii: ",")) }
        byte(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    private mutating func optional<Value>(_ value: Value?, _ write: (inout JSONEachRowSpans, Value) -> Void) {
        if let value { write(&self, value) } else { bytes.append(contentsOf: "null".utf8) }
    }

    private mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { quoted($0) }
    }

    private mutating func binary(_ value: [UInt8]) {
        value.withUnsafeBufferPointer { quoted($0) }
    }

    /// A JSON string of raw bytes: runs without `"`, `\` or control bytes are copied whole.
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        byte(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let value = utf8[index]
            guard value < 0x20 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            switch value {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0a: bytes.append(contentsOf: "\\n".utf8)
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hex[Int(value >> 4)])
                bytes.append(hex[Int(value & 0xf)])
            }
            runStart = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        byte(UInt8(ascii: "\""))
    }

    private mutating func integer(_ value: UInt64) {
        guard value > 0 else { return byte(UInt8(ascii: "0")) }
        let start = bytes.count
        var remaining = value
        while remaining > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        }
        bytes[start...].reverse()
    }

    private mutating func signed(_ value: Int64) {
        if value < 0 { byte(UInt8(ascii: "-")) }
        integer(value.magnitude)
    }

    /// The shortest text that reads back as the same double (Swift's `description`).
    private mutating func double(_ value: Double) {
        bytes.append(contentsOf: value.description.utf8)
    }

    private mutating func strings(_ values: [String]) {
        byte(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            string(value)
        }
        byte(UInt8(ascii: "]"))
    }

    private mutating func object<Value>(_ map: [String: Value], _ write: (inout JSONEachRowSpans, Value) -> Void) {
        byte(UInt8(ascii: "{"))
        for (index, key) in map.keys.sorted().enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            string(key)
            byte(UInt8(ascii: ":"))
            write(&self, map[key]!)
        }
        byte(UInt8(ascii: "}"))
    }
}

/// The same `spans` rows in RowBinary without the deduplication token's digest that
/// ``ClickHouseSpanRows`` computes as it writes: the format's own cost, beside JSONEachRow's.
/// Its bytes are checked equal to the store's.
struct RowBinarySpans {
    private(set) var bytes: [UInt8] = []
    private var scratch: [UInt8] = []

    init(_ spans: [CollectedSpan], receivedAt: UInt64) {
        for span in spans { append(span, receivedAt: receivedAt) }
    }

    private mutating func append(_ span: CollectedSpan, receivedAt: UInt64) {
        string(TraceIdentifier.canonical(span.traceId))
        string(span.spanId)
        optional(span.parentSpanId) { $0.string($1) }
        string(span.name)
        optional(span.kind) { $0.string($1) }
        string(span.type.rawValue)
        uint64(span.startTime.nanosecondsSinceEpoch)
        uint64(span.endTime.nanosecondsSinceEpoch)
        optional(span.firstTokenTime) { $0.uint64($1.nanosecondsSinceEpoch) }
        bytes.append(span.isError ? 1 : 0)
        optional(span.statusMessage) { $0.string($1) }
        optional(span.input) { $0.string($1) }
        optional(span.output) { $0.string($1) }
        optional(span.model) { $0.string($1) }
        optional(span.responseModel) { $0.string($1) }
        optional(span.provider) { $0.string($1) }
        for tokens in [span.inputTokens, span.outputTokens, span.cacheReadTokens, span.cacheCreationTokens, span.reasoningTokens] {
            optional(tokens) { $0.uint64(UInt64(bitPattern: Int64($1))) }
        }
        optional(span.cost) { $0.uint64($1.bitPattern) }
        bytes.append(span.costComputed ? 1 : 0)
        optional(span.userId) { $0.string($1) }
        optional(span.threadId) { $0.string($1) }
        optional(span.customerId) { $0.string($1) }
        strings(span.labels)
        let texts = span.metadata.mapValues(\.jsonString)
        length(texts.count)
        for key in texts.keys.sorted() {
            string(key)
            string(texts[key]!)
        }
        let numbers = span.metadata.compactMapValues(MetadataColumns.number)
        length(numbers.count)
        for key in numbers.keys.sorted() {
            string(key)
            uint64(numbers[key]!.bitPattern)
        }
        CompactValue.write(span.metadata, into: &scratch)
        binary(scratch)
        CompactValue.write(span.attributes, into: &scratch)
        binary(scratch)
        CompactValue.write(span.events, into: &scratch)
        binary(scratch)
        CompactValue.write(.array(span.links.map(\.storedValue)), into: &scratch)
        binary(scratch)
        optional(span.serviceName) { $0.string($1) }
        uint64(receivedAt)
        strings(span.labels)
    }

    private mutating func length(_ count: Int) {
        var value = UInt64(count)
        repeat {
            bytes.append(UInt8(value & 0x7f) | (value >= 0x80 ? 0x80 : 0))
            value >>= 7
        } while value != 0
    }

    private mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            length(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    private mutating func binary(_ value: [UInt8]) {
        length(value.count)
        bytes.append(contentsOf: value)
    }

    private mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func optional<Value>(_ value: Value?, _ write: (inout RowBinarySpans, Value) -> Void) {
        guard let value else { return bytes.append(1) }
        bytes.append(0)
        write(&self, value)
    }

    private mutating func strings(_ values: [String]) {
        length(values.count)
        for value in values { string(value) }
    }
}

/// CPU time of the calling thread, in microseconds.
func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count.isMultiple(of: 2) ? (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2 : sorted[sorted.count / 2]
}

/// Runs the comparison against the server of `address`, in databases `<database>_rowbinary` and
/// `<database>_jsoneachrow` (dropped first).
func compareInsertFormats(address: ClickHouseAddress, rounds: Int, encodings: Int, batch: (Int) -> [CollectedSpan]) throws {
    /// The store's encoder (rows and deduplication token), the RowBinary rows alone, JSONEachRow.
    enum Format: String, CaseIterable {
        case store = "RowBinary+token", rowBinary = "RowBinary", jsonEachRow = "JSONEachRow"
        var name: String { self == .jsonEachRow ? "JSONEachRow" : "RowBinary" }
        /// The formats inserted, each into a database of its own.
        static let inserted: [Format] = [.rowBinary, .jsonEachRow]
    }
    var stores: [Format: ClickHouseTraceStore] = [:]
    for format in Format.inserted {
        var target = address
        target.database = address.database + "_" + format.rawValue.lowercased()
        let store = try ClickHouseTraceStore(address: target)
        try store.connection.execute("DROP DATABASE IF EXISTS \(target.database) SYNC")
        stores[format] = try ClickHouseTraceStore(address: target)
        // The same table without the materialized views: the format's share of the insert.
        try store.connection.execute("CREATE TABLE \(target.database).spans_plain AS \(target.database).spans")
    }
    let empty = try ClickHouseTraceState(of: [], database: "", now: 0, connection: stores[.rowBinary]!.connection)
    var cpu: [Format: [Double]] = [:]
    var sizes: [Format: [Double]] = [:]
    var inserts: [Format: [Double]] = [:]
    var plainInserts: [Format: [Double]] = [:]
    let spanCount = batch(0).count
    print("insert formats: \(rounds) rounds of a new \(spanCount)-span batch each, encoded \(encodings) times per format "
        + "(RowBinary+token: the store's ClickHouseSpanRows; RowBinary: the same bytes without the token), the formats' order alternating")
    for round in 0..<rounds {
        let spans = batch(round)
        let receivedAt = Timestamp.now().nanosecondsSinceEpoch
        let order = round.isMultiple(of: 2) ? Format.allCases : Format.allCases.reversed()
        var bodies: [Format: [UInt8]] = [:]
        for _ in 0..<encodings {
            for format in order {
                let start = threadCPUMicroseconds()
                switch format {
                case .store: bodies[format] = ClickHouseSpanRows(spans, receivedAt: receivedAt, state: empty).spans.bytes
                case .rowBinary: bodies[format] = RowBinarySpans(spans, receivedAt: receivedAt).bytes
                case .jsonEachRow: bodies[format] = JSONEachRowSpans(spans, receivedAt: receivedAt).bytes
                }
                cpu[format, default: []].append(threadCPUMicroseconds() - start)
            }
        }
        guard bodies[.rowBinary] == bodies[.store] else {
            print("RowBinarySpans wrote other bytes than the store's ClickHouseSpanRows")
            exit(1)
        }
        let token = ClickHouseSpanRows(spans, receivedAt: receivedAt, state: empty).token
        for format in order where Format.inserted.contains(format) {
            let body = bodies[format]!
            sizes[format, default: []].append(Double(body.count))
            let store = stores[format]!
            let start = clock.now
            try store.connection.execute("INSERT INTO \(store.address.database).spans FORMAT \(format.name)",
                                         settings: ["insert_deduplication_token": token,
                                                    "deduplicate_blocks_in_dependent_materialized_views": "1"],
                                         data: body)
            inserts[format, default: []].append(milliseconds(start.duration(to: clock.now)))
            let plainStart = clock.now
            try store.connection.execute("INSERT INTO \(store.address.database).spans_plain FORMAT \(format.name)",
                                         settings: ["insert_deduplication_token": token], data: body)
            plainInserts[format, default: []].append(milliseconds(plainStart.duration(to: clock.now)))
        }
    }
    print("format          encode CPU per batch (median)   per span   bytes per batch (median)   per span   insert round trip (median, min, max)")
    for kind in Format.allCases {
        let encode = median(cpu[kind]!)
        var line = kind.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            + "\(format(encode / 1000, 3)) ms".padding(toLength: 30, withPad: " ", startingAt: 0)
            + "\(format(encode / Double(spanCount), 2)) µs".padding(toLength: 11, withPad: " ", startingAt: 0)
        if let size = sizes[kind].map(median), let times = inserts[kind] {
            line += "\(Int(size))".padding(toLength: 27, withPad: " ", startingAt: 0)
                + "\(Int(size) / spanCount)".padding(toLength: 11, withPad: " ", startingAt: 0)
                + "\(format(median(times))) ms (\(format(times.min()!)), \(format(times.max()!)))"
                + ";  without the views \(format(median(plainInserts[kind]!))) ms"
        }
        print(line)
    }
    // Both tables must hold the same rows: a checksum over every column of every row.
    var checksums: [Format: String] = [:]
    for format in Format.inserted {
        let store = stores[format]!
        let reply = try store.connection.execute("""
            SELECT count(), sum(cityHash64(formatRow('RowBinary', *)))
            FROM (SELECT * FROM \(store.address.database).spans UNION ALL SELECT * FROM \(store.address.database).spans_plain)
            FORMAT TSV
            """)
        checksums[format] = String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        print("\(format.name) rows: count and sum of cityHash64(formatRow('RowBinary', *)): \(checksums[format]!)")
    }
    print(checksums[.rowBinary] == checksums[.jsonEachRow] ? "identical rows" : "ROWS DIFFER")
}
