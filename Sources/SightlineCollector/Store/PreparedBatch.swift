import Sightline

/// One ingest call's spans made ready for the writer, on the caller's thread: grouped by trace,
/// their list and map columns encoded, and each trace's row, labels and metadata folded as if
/// the trace were new.
///
/// The store has one writer, which every concurrent call waits for; what is done here runs on
/// the callers' threads, side by side, and leaves the writer only binding and stepping for the
/// common case of a trace whose spans arrive together. A trace already stored is folded again
/// in the writer from the spans it did not hold yet (see ``IngestTransaction``).
struct PreparedBatch: Sendable {
    /// The spans of one trace in this call.
    struct Trace: Sendable {
        /// The canonical trace id (see ``TraceIdentifier``).
        let traceId: String
        /// Positions in ``spans``, first-seen order, one per span id.
        let members: [Int]
        /// The trace's row folded from every member, for a trace that is new.
        let newRow: TraceAggregate
        let labels: [String]
        let metadata: [PreparedMetadata]
    }

    let spans: [CollectedSpan]
    let traces: [Trace]
    /// Spans whose id repeats one earlier in the same trace of this call; only the first is kept.
    let repeatedSpans: Int
    /// What the per-span limits of ``CollectorLimits`` left out.
    let dropped: DroppedValues
    /// The encoded labels, metadata, attributes and events of each span, in that order.
    private let columns: EncodedColumns

    init(_ spans: [CollectedSpan]) {
        var spans = spans
        dropped = SpanLimiting.limit(&spans)
        self.spans = spans
        var repeated = 0
        traces = spans.withUnsafeBufferPointer { spans in
            Self.groupedByTrace(spans, repeated: &repeated).map { traceId, members in
                var row = TraceAggregate(traceId: traceId, first: spans[members[0]])
                for index in members { row.add(spans[index]) }
                return Trace(traceId: traceId, members: members, newRow: row,
                             labels: Self.labels(of: members, spans), metadata: Self.metadata(of: members, spans))
            }
        }
        repeatedSpans = repeated
        columns = EncodedColumns(spans)
    }

    /// Calls `body` with the spans in place and a reader of their encoded columns. Through a
    /// buffer pointer, spans are read in place: subscripting the array would copy each span (a
    /// retain and a release of every field) at every use.
    func withSpans<Result>(_ body: (UnsafeBufferPointer<CollectedSpan>, EncodedColumns) throws -> Result) rethrows -> Result {
        try spans.withUnsafeBufferPointer { try body($0, columns) }
    }

    /// The positions of the spans of each trace, traces by canonical id in first-seen order. A
    /// span id repeated within a trace keeps its first span and counts the others in `repeated`.
    private static func groupedByTrace(_ spans: UnsafeBufferPointer<CollectedSpan>,
                                       repeated: inout Int) -> [(traceId: String, members: [Int])] {
        var indexByTrace: [String: Int] = Dictionary(minimumCapacity: spans.count)
        var groups: [(traceId: String, members: [Int], spanIds: Set<String>)] = []
        for position in spans.indices {
            let traceId = TraceIdentifier.canonical(spans[position].traceId)
            let index: Int
            if let known = indexByTrace[traceId] {
                index = known
            } else {
                index = groups.count
                indexByTrace[traceId] = index
                groups.append((traceId, [], []))
            }
            if groups[index].spanIds.insert(spans[position].spanId).inserted {
                groups[index].members.append(position)
            } else {
                repeated += 1
            }
        }
        return groups.map { ($0.traceId, $0.members) }
    }

    /// The union of the labels of the spans at `members`, in first-seen order.
    static func labels(of members: [Int], _ spans: UnsafeBufferPointer<CollectedSpan>) -> [String] {
        // Unique already; and senders that stamp a trace's labels on every span send one list.
        let first = spans[members[0]].labels
        if members.allSatisfy({ spans[$0].labels == first }) { return first }
        var labels = LabelUnion()
        for index in members { labels.add(contentsOf: spans[index].labels) }
        return labels.labels
    }

    /// For each metadata key of the spans at `members`, the value of the highest-ranking span.
    static func metadata(of members: [Int], _ spans: UnsafeBufferPointer<CollectedSpan>) -> [PreparedMetadata] {
        var best: [String: RankedValue<JSONValue>] = [:]
        for index in members {
            guard !spans[index].metadata.isEmpty else { continue }
            let rank = Rank.latestEnding(spans[index])
            for (name, value) in spans[index].metadata {
                best[name] = RankedValue.best(best[name], value, rank: rank)
            }
        }
        return best.map { PreparedMetadata(key: $0.key, $0.value.value, rank: $0.value.rank) }
    }
}

/// A custom metadata value in the columns of `trace_metadata`.
struct PreparedMetadata: Sendable {
    let key: String
    /// The value as stored JSON text (``JSONValue/storedJSON``), UTF-8.
    let json: [UInt8]
    let text: String?
    let number: Double?
    let rank: String

    init(key: String, _ value: JSONValue, rank: Rank) {
        self.key = key
        json = value.storedJSON
        text = MetadataColumns.text(value)
        number = MetadataColumns.number(value)
        self.rank = rank.text
    }
}

/// The ``CompactValue`` encodings of each span's labels, metadata, attributes and events, kept
/// in one buffer (one allocation per call rather than four per span).
struct EncodedColumns: Sendable {
    static let perSpan = 4
    private let bytes: [UInt8]
    /// Where each encoding ends in ``bytes``; it starts where the previous one ends.
    private let ends: [Int]

    init(_ spans: [CollectedSpan]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(spans.count * Self.perSpan)
        var scratch: [UInt8] = []
        func append() {
            bytes.append(contentsOf: scratch)
            ends.append(bytes.count)
        }
        for span in spans {
            CompactValue.write(span.labels, into: &scratch)
            append()
            CompactValue.write(span.metadata, into: &scratch)
            append()
            CompactValue.write(span.attributes, into: &scratch)
            append()
            CompactValue.write(span.events, into: &scratch)
            append()
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// Calls `body` with the four encodings of the span at `position`.
    func withColumns<Result>(of position: Int,
                             _ body: (_ labels: UnsafeRawBufferPointer, _ metadata: UnsafeRawBufferPointer,
                                      _ attributes: UnsafeRawBufferPointer, _ events: UnsafeRawBufferPointer) throws -> Result)
        rethrows -> Result {
        let first = position * Self.perSpan
        let start = first == 0 ? 0 : ends[first - 1]
        return try bytes.withUnsafeBytes { all in
            func slice(_ index: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: all[(index == 0 ? start : ends[first + index - 1])..<ends[first + index]])
            }
            return try body(slice(0), slice(1), slice(2), slice(3))
        }
    }
}
