import Sightline
import SightlineOTLP
import Testing
@testable import SightlineCollector

/// A span's links reach the store and come back with the trace (the viewer lists them).
@Suite struct SpanLinkStorageTests {
    @Test func linksSentOverOTLPAreStoredAndReadBack() async throws {
        let linked = SpanContext(traceId: TraceID(high: 0xaaaa, low: 0xbbbb), spanId: SpanID(0xcccc), isSampled: true)
        let spans = try await collectedThroughOTLP(conventions: [.genAI]) { sdk in
            sdk.withSpan("retry") { span in
                span.addLink(linked, attributes: [Attribute("reason", "retry of"), Attribute("attempt", 2)])
            }
        }
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(spans)
        let traceId = try #require(spans.first).traceId
        let detail = try #require(try store.trace(id: traceId))
        #expect(detail.spans.first?.span.links == [
            CollectedLink(traceId: linked.traceId.hex, spanId: linked.spanId.hex, attributes: ["reason": "retry of", "attempt": 2]),
        ])
    }

    @Test func linksPastTheLimitAreDroppedAndCounted() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        var span = makeSpan(trace: "links-trace", span: "s1", start: 1, end: 2)
        span.links = (0..<(CollectorLimits.linksPerSpan + 5)).map { CollectedLink(traceId: "t\($0)", spanId: "s\($0)") }
        let summary = try store.ingest([span])
        #expect(summary.droppedLinks == 5)
        #expect(try store.trace(id: "links-trace")?.spans.first?.span.links.count == CollectorLimits.linksPerSpan)
    }
}
