import Foundation
import Sightline
@testable import SightlineOTLP
import SightlineCollector
import SightlineTesting
import Testing

/// Hundreds of thousands of labels in one request are deduplicated in linear time and held to
/// ``CollectorLimits``: the first ones kept, the rest counted and named in the reply. One such
/// request once pinned a core for good (labels deduplicated in quadratic time).
@Suite("Label floods", .timeLimit(.minutes(1)))
struct LabelFloodTests {
    @Test func aMillionRESTLabelsAreCappedAndCountedInSeconds() async throws {
        try await InProcessCollector.with { collector in
            let labels = (0..<1_000_000).map { "\"l\($0)\"" }.joined(separator: ",")
            let body = Array("""
                {"trace_id": "flood", "spans": [{"type": "span", "span_id": "s1", "name": "n",
                  "timestamps": {"started_at": 1699900000000, "finished_at": 1699900001000}}],
                 "metadata": {"user_id": "u", "labels": [\(labels), "l0", "l1"]}}
                """.utf8)
            let start = ContinuousClock.now
            let reply = try await collector.send(.POST, "/api/collector", headers: [("Content-Type", "application/json")], body: body)
            let seconds = seconds(from: start)
            #expect(reply.status == 200, "\(String(decoding: reply.body.prefix(300), as: UTF8.self))")
            let summary = try JSONDecoder().decode(IngestSummary.self, from: Data(reply.body))
            #expect(summary.storedSpans == 1)
            #expect(summary.droppedLabels == 1_000_000 - CollectorLimits.labelsPerSpan)
            let stored = try #require(try collector.store.traces(TraceFilter(userId: "u")).first)
            #expect(stored.labels.count == CollectorLimits.labelsPerSpan)
            #expect(Set(stored.labels) == Set((0..<CollectorLimits.labelsPerSpan).map { "l\($0)" }))
            // Quadratic work on a million labels runs for hours; linear work takes a few seconds.
            #expect(seconds < 30 * Double(testTimeScale), "\(seconds) s")
        }
    }

    @Test func anOTLPSpanWith300000LabelsKeepsTheFirstAndTheReplySaysHowManyWentAndATraceStopsAtItsLimit() async throws {
        try await InProcessCollector.with { collector in
            let traceId = TraceID.random()
            let flood = FinishedSpan(name: "flood", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                     startTime: .now(),
                                     attributes: [Attribute("langwatch.labels", .array((0..<300_000).map { .string("t\($0)") }))])
            // Five more spans of the trace, 256 new labels each: the trace fills to its limit.
            let more = (1...5).map { batch in
                FinishedSpan(name: "more \(batch)", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                             startTime: .now(),
                             attributes: [Attribute("langwatch.labels",
                                                    .array((0..<CollectorLimits.labelsPerSpan).map { .string("b\(batch)-\($0)") }))])
            }
            let start = ContinuousClock.now
            let reply = try await collector.send(.POST, "/v1/traces", headers: [("Content-Type", "application/x-protobuf")],
                                                 body: OTLPProtobufEncoder().encode([flood], resource: Resource(serviceName: "f")))
            #expect(seconds(from: start) < 30 * Double(testTimeScale))
            #expect(reply.status == 200)
            let partial = try #require(ExportReply.partialSuccess(body: reply.body, contentType: "application/x-protobuf",
                                                                  requestWasJSON: false))
            #expect(partial.rejectedSpans == 0)
            #expect(partial.errorMessage == "\(300_000 - CollectorLimits.labelsPerSpan) labels were dropped: a span keeps at most "
                + "\(CollectorLimits.labelsPerSpan), a trace at most \(CollectorLimits.labelsPerTrace)")

            let second = try await collector.send(.POST, "/v1/traces", headers: [("Content-Type", "application/x-protobuf")],
                                                  body: OTLPProtobufEncoder().encode(more, resource: Resource(serviceName: "f")))
            let overTrace = 6 * CollectorLimits.labelsPerSpan - CollectorLimits.labelsPerTrace
            let secondPartial = try #require(ExportReply.partialSuccess(body: second.body, contentType: "application/x-protobuf",
                                                                        requestWasJSON: false))
            #expect(secondPartial.errorMessage.hasPrefix("\(overTrace) labels were dropped"), "\(secondPartial.errorMessage)")
            #expect(try collector.store.trace(id: traceId.hex)?.summary.labels.count == CollectorLimits.labelsPerTrace)
        }
    }

    @Test func aPatchWithMoreLabelsThanATraceKeepsIs400() async throws {
        try await InProcessCollector.with { collector in
            let names = (0...CollectorLimits.labelsPerTrace).map { "\"p\($0)\"" }.joined(separator: ",")
            let reply = try await collector.send(.POST, "/v1/tag", headers: [("Content-Type", "application/json")],
                                                 body: Array(#"{"traceId": "t", "names": [\#(names)]}"#.utf8))
            #expect(reply.status == 400)
            #expect(String(decoding: reply.body, as: UTF8.self).contains("a patch sets at most \(CollectorLimits.labelsPerTrace) labels"))
            #expect(try collector.store.statistics().pendingPatches == 0)
        }
    }

    @Test func patchesWaitingForOneTraceStopAtTheirLimit() async throws {
        try await InProcessCollector.with { collector in
            let body = Array(#"{"traceId": "not-yet", "metadata": {"k": 1}}"#.utf8)
            for _ in 0..<CollectorLimits.pendingPatchesPerTrace {
                let reply = try await collector.send(.POST, "/v1/traces/metadata", headers: [("Content-Type", "application/json")],
                                                     body: body)
                #expect(reply.status == 202)
            }
            let refused = try await collector.send(.POST, "/v1/traces/metadata", headers: [("Content-Type", "application/json")],
                                                   body: body)
            #expect(refused.status == 400)
            #expect(String(decoding: refused.body, as: UTF8.self).contains("\(CollectorLimits.pendingPatchesPerTrace) patches already wait"))
            #expect(try collector.store.statistics().pendingPatches == CollectorLimits.pendingPatchesPerTrace)
        }
    }
}
