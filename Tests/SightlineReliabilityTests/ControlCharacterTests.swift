import Foundation
import Sightline
@testable import SightlineOTLP
import SightlineCollector
import Testing

/// A NUL or other control character in an id, label or metadata key is refused with a reply
/// that says so. `"user_id": "nul\u0000user"` was once accepted, listed by `/api/users` as `nul`
/// and found by no query: accepted and lost.
@Suite("Control characters in ids", .timeLimit(.minutes(1)))
struct ControlCharacterTests {
    static func restTrace(id: String, metadata: String) -> [UInt8] {
        Array("""
            {"trace_id": "\(id)", "spans": [{"type": "span", "span_id": "s1", "name": "n",
              "timestamps": {"started_at": 1699900000000, "finished_at": 1699900001000}}],
             "metadata": \(metadata)}
            """.utf8)
    }

    static let json = [("Content-Type", "application/json")]

    @Test func restTracesWithControlCharactersInIdsAre400AndNothingIsStored() async throws {
        try await InProcessCollector.with { collector in
            let refused: [(metadata: String, says: String)] = [
                (#"{"user_id": "nul\u0000user"}"#, "the user id holds the control character U+0000 at byte 3"),
                (#"{"thread_id": "thread\u0001"}"#, "the thread id holds the control character U+0001 at byte 6"),
                (#"{"customer_id": "c\u007F"}"#, "the customer id holds the control character U+007F at byte 1"),
                (#"{"labels": ["ok", "la\u0000bel"]}"#, "a label holds the control character U+0000 at byte 2"),
                (#"{"ke\u0000y": 1}"#, "a metadata key holds the control character U+0000 at byte 2"),
            ]
            for (index, (metadata, says)) in refused.enumerated() {
                let reply = try await collector.send(.POST, "/api/collector", headers: Self.json,
                                                     body: Self.restTrace(id: "trace-\(index)", metadata: metadata))
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(reply.status == 400, "\(metadata): \(text)")
                #expect(text.contains(says), "\(metadata): \(text)")
            }
            let nulTraceId = try await collector.send(.POST, "/api/collector", headers: Self.json,
                                                      body: Self.restTrace(id: #"tr\u0000ace"#, metadata: "{}"))
            #expect(nulTraceId.status == 400)
            #expect(try collector.store.statistics().traceCount == 0)
            #expect(try collector.store.users().isEmpty)
        }
    }

    @Test func anOTLPSpanWithAControlCharacterIsRejectedAloneAndItsNeighbourStored() async throws {
        try await InProcessCollector.with { collector in
            let traceId = TraceID.random()
            let kept = FinishedSpan(name: "kept", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                    startTime: .now(), attributes: [Attribute("user.id", "clean-user")])
            let refused = FinishedSpan(name: "refused", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                                       startTime: .now(), attributes: [Attribute("user.id", "nul\u{0}user")])
            let body = OTLPJSONEncoder().encode([kept, refused], resource: Resource(serviceName: "nul"))
            let reply = try await collector.send(.POST, "/v1/traces", headers: Self.json, body: body)
            #expect(reply.status == 200)
            let partial = try #require(ExportReply.partialSuccess(body: reply.body, contentType: "application/json",
                                                                  requestWasJSON: true))
            #expect(partial.rejectedSpans == 1)
            #expect(partial.errorMessage == "1 of 2 spans were not stored: the user id holds the control character U+0000 "
                + "at byte 3: ids, labels and metadata keys cannot hold control characters")
            #expect(try collector.store.users().map(\.userId) == ["clean-user"])
            #expect(try collector.store.trace(id: traceId.hex)?.spans.map(\.span.name) == ["kept"])
        }
    }

    @Test func queriesAndPatchesWithControlCharactersAre400() async throws {
        try await InProcessCollector.with { collector in
            #expect(try await collector.send(.POST, "/api/collector", headers: Self.json,
                                             body: Self.restTrace(id: "nul", metadata: #"{"user_id": "nul"}"#)).status == 200)
            for path in ["/api/traces?user=nul%00user", "/api/traces?thread=a%00", "/api/traces?customer=%01",
                         "/api/traces?label=l%00", "/api/traces?meta=k%00%3D1", "/api/traces?meta=k%3Dv%00",
                         "/api/traces/nul%00x", "/api/threads/nul%00x"] {
                let reply = try await collector.send(.GET, path)
                let text = String(decoding: reply.body, as: UTF8.self)
                #expect(reply.status == 400, "\(path): \(text)")
                #expect(text.contains("control character"), "\(path): \(text)")
            }
            let patch = try await collector.send(.PATCH, "/api/traces/nul/metadata", headers: Self.json,
                                                 body: Array(#"{"metadata": {"user_id": "nul\u0000user"}}"#.utf8))
            #expect(patch.status == 400)
            let tag = try await collector.send(.POST, "/v1/tag", headers: Self.json,
                                               body: Array(#"{"traceId": "nul", "names": ["a\u0000b"]}"#.utf8))
            #expect(tag.status == 400)
            // The trace is as it was: its user untouched, no label added.
            let summary = try #require(try collector.store.traces(TraceFilter(userId: "nul")).first)
            #expect(summary.labels.isEmpty)
            #expect(try await collector.send(.GET, "/api/traces?user=nul").status == 200)
        }
    }
}
