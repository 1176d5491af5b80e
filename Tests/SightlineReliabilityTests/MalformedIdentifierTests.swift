import Foundation
import Sightline
@testable import SightlineCollector
@testable import SightlineOTLP
import Testing

/// One span with a malformed id (a 3- or 64-byte trace id, a 3-byte span id) is rejected on its
/// own through OTLP's partial success; the valid spans beside it are stored. Such a request
/// once failed whole with 400, and the valid spans were lost.
@Suite("Malformed ids", .timeLimit(.minutes(1)))
struct MalformedIdentifierTests {
    /// A `Span` with these raw id bytes and a name.
    static func span(traceId: [UInt8], spanId: [UInt8], name: String) -> [UInt8] {
        ProtobufMessage().message(1, traceId).message(2, spanId).string(5, name).bytes
    }

    @Test func aSpanWithAMalformedIdIsRejectedAloneInProtobuf() async throws {
        try await InProcessCollector.with { collector in
            let traceId = TraceID.random()
            let good = [SpanID.random(), SpanID.random()]
            let spans = [
                Self.span(traceId: traceId.bytes, spanId: good[0].bytes, name: "kept first"),
                Self.span(traceId: [1, 2, 3], spanId: SpanID.random().bytes, name: "3-byte trace id"),
                Self.span(traceId: [UInt8](repeating: 9, count: 64), spanId: SpanID.random().bytes, name: "64-byte trace id"),
                Self.span(traceId: traceId.bytes, spanId: [4, 5, 6], name: "3-byte span id"),
                Self.span(traceId: traceId.bytes, spanId: good[1].bytes, name: "kept last"),
            ]
            let scope = spans.reduce(ProtobufMessage()) { $0.message(2, $1) }.bytes
            let request = ProtobufMessage().message(1, ProtobufMessage().message(2, scope).bytes).bytes
            let reply = try await collector.send(.POST, "/v1/traces", headers: [("Content-Type", "application/x-protobuf")],
                                                 body: request)
            #expect(reply.status == 200)
            let partial = try #require(ExportReply.partialSuccess(body: reply.body, contentType: "application/x-protobuf",
                                                                  requestWasJSON: false))
            #expect(partial.rejectedSpans == 3)
            #expect(partial.errorMessage == "3 of 5 spans have no valid trace id or span id (absent, all zero or malformed) "
                + "and were not stored (first malformed: trace_id has 3 bytes, not 16)")
            let stored = try #require(try collector.store.trace(id: traceId.hex))
            #expect(Set(stored.spans.map(\.span.spanId)) == Set(good.map(\.hex)))
        }
    }

    @Test func aSpanWithAMalformedIdIsRejectedAloneInJSON() async throws {
        try await InProcessCollector.with { collector in
            let body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"kept"},
                  {"traceId":"5b8e","spanId":"eee19b7ec3c1b175","name":"short trace id"},
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b176","parentSpanId":"zz","name":"bad parent"}]}]}]}
                """
            let reply = try await collector.send(.POST, "/v1/traces", headers: [("Content-Type", "application/json")],
                                                 body: Array(body.utf8))
            #expect(reply.status == 200)
            let text = String(decoding: reply.body, as: UTF8.self)
            #expect(text.contains(#""rejectedSpans":"2""#), "\(text)")
            #expect(text.contains(#"\"5b8e\" is not a trace id"#), "\(text)")
            let stored = try #require(try collector.store.trace(id: "5b8efff798038103d269b633813fc60c"))
            #expect(stored.spans.map(\.span.name) == ["kept"])
        }
    }
}
