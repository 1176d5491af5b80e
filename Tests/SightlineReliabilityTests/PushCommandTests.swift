import Foundation
import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// `sightline push` against the real `sightline serve`: it says whether the trace took the
/// push or the collector holds it until the trace arrives, and for how long.
@Suite("sightline push", .timeLimit(.minutes(1)))
struct PushCommandTests {
    @Test func aPushBeforeTheTraceSaysItIsHeldAndForHowLong() async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("push.db"))
        defer { collector.kill() }
        let traceId = TraceID.random()

        let early = try await CommandRun.sightline(["push", traceId.hex, "score=0.9", "--label", "reviewed",
                                                      "--endpoint", collector.baseURL])
        #expect(early.status == 0)
        #expect(early.output.contains("has not received trace \(traceId.hex) yet"), "\(early.output)")
        #expect(early.output.contains("applies it when the trace arrives, if within 1 hour"), "\(early.output)")

        let root = FinishedSpan(name: "answer", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                startTime: .now())
        let body = OTLPProtobufEncoder().encode([root], resource: Resource(serviceName: "push-test"))
        #expect(try await collector.post("/v1/traces", contentType: "application/x-protobuf", body: body) == 200)

        let late = try await CommandRun.sightline(["push", traceId.hex, "score=0.95", "--endpoint", collector.baseURL])
        #expect(late.status == 0)
        #expect(late.output == "pushed onto trace \(traceId.hex)\n", "\(late.output)")
    }
}
