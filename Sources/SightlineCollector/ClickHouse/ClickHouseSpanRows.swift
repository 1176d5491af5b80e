import Foundation
import Sightline

/// One ingest call's rows for the `spans` and `evaluations` tables in RowBinary, and the
/// deduplication token of each insert.
///
/// The token is a digest of the rows without the time they were received: the same spans sent
/// again (a collector retrying its insert, or a sender retrying after a 503, through this
/// collector or another) make the same token, and ClickHouse stores the block once.
///
/// `package` (with `RowBinaryWriter`, `ClickHouseTraceState`, `ClickHouseConnection`,
/// `CompactValue`, `MetadataColumns`): CollectorBenchmarks' `--insert-formats` encodes and
/// inserts the same rows as JSONEachRow beside these (issue 20).
package struct ClickHouseSpanRows {
    /// The rows of `spans`, in table column order.
    package private(set) var spans = RowBinaryWriter()
    private(set) var evaluations = RowBinaryWriter()
    package private(set) var spanCount = 0
    private(set) var evaluationCount = 0
    /// Spans stored already, or repeated in this call: only the first is kept.
    private(set) var repeatedSpans = 0
    private(set) var droppedEvaluations = 0
    private(set) var invalidEvaluationValues = 0
    /// Labels left out of their trace, past ``CollectorLimits/labelsPerTrace``.
    private(set) var droppedLabels = 0
    /// Traces the store did not hold before this call.
    private(set) var newTraces = 0
    /// Patches that waited for the new traces and apply to them now.
    private(set) var appliedPendingPatches = 0
    /// Evaluations pushed before their trace arrived, that count as stored now.
    private(set) var appliedPendingEvaluations = 0
    private var digest = ContentDigest()
    private var scratch: [UInt8] = []

    /// The rows of `spans` not stored yet, given what `state` says the store holds. Each trace
    /// takes labels and evaluations, in the spans' order, while it has fewer than
    /// ``CollectorLimits/labelsPerTrace`` and ``CollectorLimits/evaluationsPerTrace``, as the
    /// SQLite store does; a span keeps all its own labels.
    package init(_ spans: [CollectedSpan], receivedAt: UInt64, state: ClickHouseTraceState) {
        var state = state
        var droppedLabelsOfTrace: [String: Set<String>] = [:]
        var arrived: [String] = []
        for span in spans {
            let traceId = TraceIdentifier.canonical(span.traceId)
            var trace = state[traceId]
            guard trace.spanIds.insert(span.spanId).inserted else {
                repeatedSpans += 1
                continue
            }
            if !trace.isStored {
                trace.isStored = true
                newTraces += 1
                arrived.append(traceId)
            }
            var traceLabels: [String] = trace.labelsReplaced ? span.labels : []
            for label in span.labels where !trace.labelsReplaced {
                if trace.labels.contains(label) {
                    traceLabels.append(label)
                } else if trace.labels.count < CollectorLimits.labelsPerTrace {
                    trace.labels.insert(label)
                    traceLabels.append(label)
                } else if droppedLabelsOfTrace[traceId, default: []].insert(label).inserted {
                    droppedLabels += 1
                }
            }
            append(span, traceId: traceId, traceLabels: traceLabels, receivedAt: receivedAt)
            if !span.events.isEmpty {
                var found = SpanEvaluations()
                found.add(span)
                droppedEvaluations += found.dropped
                invalidEvaluationValues += found.invalidValues
                let room = max(CollectorLimits.evaluationsPerTrace - trace.evaluationCount, 0)
                for evaluation in found.evaluations.prefix(room) {
                    Self.appendEvaluation(evaluation, traceId: traceId, to: &evaluations)
                    evaluationCount += 1
                }
                let kept = min(room, found.evaluations.count)
                trace.evaluationCount += kept
                droppedEvaluations += found.evaluations.count - kept
            }
            state[traceId] = trace
        }
        // The patches that waited for the new traces apply after their spans, as on SQLite
        // (ClickHouse applies them when read; only their counts are made here).
        for traceId in arrived {
            var trace = state[traceId]
            for patch in trace.waitingPatches {
                appliedPendingPatches += 1
                if patch.isEvaluation {
                    if trace.evaluationCount < CollectorLimits.evaluationsPerTrace {
                        trace.evaluationCount += 1
                        appliedPendingEvaluations += 1
                    } else {
                        droppedEvaluations += 1
                    }
                    continue
                }
                guard let labels = patch.labels else { continue }
                if patch.replacesLabels {
                    trace.labels = Set(labels)
                    trace.labelsReplaced = true
                    continue
                }
                for label in labels where !trace.labels.contains(label) {
                    if trace.labels.count < CollectorLimits.labelsPerTrace {
                        trace.labels.insert(label)
                    } else {
                        droppedLabels += 1
                    }
                }
            }
        }
    }

    /// The deduplication token of the spans' insert; the evaluations' and counters' add a suffix.
    package var token: String { digest.hex }

    private mutating func append(_ span: CollectedSpan, traceId: String, traceLabels: [String], receivedAt: UInt64) {
        let start = spans.bytes.count
        spans.string(traceId)
        spans.string(span.spanId)
        spans.nullableString(span.parentSpanId)
        spans.string(span.name)
        spans.nullableString(span.kind)
        spans.string(span.type.rawValue)
        spans.uint64(span.startTime.nanosecondsSinceEpoch)
        spans.uint64(span.endTime.nanosecondsSinceEpoch)
        spans.nullableUInt64(span.firstTokenTime?.nanosecondsSinceEpoch)
        spans.bool(span.isError)
        spans.nullableString(span.statusMessage)
        spans.nullableString(span.input)
        spans.nullableString(span.output)
        spans.nullableString(span.model)
        spans.nullableString(span.responseModel)
        spans.nullableString(span.provider)
        spans.nullableInt(span.inputTokens)
        spans.nullableInt(span.outputTokens)
        spans.nullableInt(span.cacheReadTokens)
        spans.nullableInt(span.cacheCreationTokens)
        spans.nullableInt(span.reasoningTokens)
        spans.nullableFloat64(span.cost)
        spans.bool(span.costComputed)
        spans.nullableString(span.userId)
        spans.nullableString(span.threadId)
        spans.nullableString(span.customerId)
        spans.strings(span.labels)
        spans.stringMap(span.metadata.mapValues(\.jsonString))
        spans.numberMap(span.metadata.compactMapValues(MetadataColumns.number))
        digest.add(spans.bytes[start...])
        // The values exactly as the SQLite store keeps them (CompactValue keeps an integer and a
        // whole double apart; JSON text does not). Its maps follow the dictionaries' order, which
        // differs between processes: the digest reads their sorted JSON text instead.
        CompactValue.write(span.metadata, into: &scratch)
        spans.binary(scratch)
        CompactValue.write(span.attributes, into: &scratch)
        spans.binary(scratch)
        CompactValue.write(span.events, into: &scratch)
        spans.binary(scratch)
        CompactValue.write(.array(span.links.map(\.storedValue)), into: &scratch)
        spans.binary(scratch)
        digest.add(JSONValue.object(span.attributes).jsonString.utf8)
        digest.add(JSONValue.array(span.events.map { event in
            .array([.string(event.name), .int(SpanRecord.integer(event.time)), .object(event.attributes)])
        }).jsonString.utf8)
        digest.add(JSONValue.array(span.links.map(\.storedValue)).jsonString.utf8)
        let serviceStart = spans.bytes.count
        spans.nullableString(span.serviceName)
        digest.add(spans.bytes[serviceStart...])
        spans.uint64(receivedAt)
        spans.strings(traceLabels)
        spanCount += 1
    }

    private static func appendEvaluation(_ evaluation: TraceEvaluation, traceId: String, to rows: inout RowBinaryWriter) {
        rows.string(traceId)
        rows.nullableString(evaluation.spanId)
        rows.string(evaluation.name)
        rows.nullableFloat64(evaluation.score)
        rows.nullableString(evaluation.label)
        rows.nullableString(evaluation.explanation)
        rows.uint64(evaluation.time.nanosecondsSinceEpoch)
    }
}

/// A 128-bit FNV-1a digest (two 64-bit lanes with different offsets): not cryptographic, only
/// unlikely to make two different batches look the same within ClickHouse's deduplication window.
struct ContentDigest {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142
    private var count: UInt64 = 0

    mutating func add(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = second.rotateLeft(5)
        }
        count &+= UInt64(bytes.count)
    }

    var hex: String {
        [first, second, count].map { value in
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }
}

private extension UInt64 {
    func rotateLeft(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
