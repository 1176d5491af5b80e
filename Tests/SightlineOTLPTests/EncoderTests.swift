import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import Testing

struct EncoderTests {
    @Test func spansAreGroupedByScopeInFirstSeenOrder() throws {
        let spans = SampleSpans.rich()
        let decoded = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource))
        let groups = try #require(decoded.resourceSpans.first).scopeSpans
        #expect(groups.map(\.scope) == [.sightline, InstrumentationScope(name: "com.example.queue", version: "2.1.0"),
                                        InstrumentationScope(name: "no-version")])
        #expect(groups.map { $0.spans.map(\.name) } == [["root \u{0} span 🚀", "chat gpt-4o", "second root"],
                                                        ["process message"], [""]])
    }

    @Test func anEmptyBatchIsAResourceWithoutSpans() throws {
        let decoded = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode([], resource: SampleSpans.resource))
        #expect(decoded == DecodedTraces(resourceSpans: [DecodedResourceSpans(resource: SampleSpans.resource, scopeSpans: [])]))
    }

    @Test func aReusedEncoderWritesWhatAFreshOneWrites() {
        let spans = SampleSpans.rich()
        let reused = OTLPProtobufEncoder(initialCapacity: 512)
        var outputs: [[UInt8]] = []
        for count in [1, 200, 3, 200, 0, 5] {
            let batch = (0..<count).map { spans[$0 % spans.count] }
            let bytes = reused.encode(batch, resource: SampleSpans.resource)
            #expect(bytes == OTLPProtobufEncoder().encode(batch, resource: SampleSpans.resource))
            outputs.append(bytes)
        }
        #expect(outputs[1] == outputs[3])
    }

    @Test func stringsWithNULAreEncodedInFull() throws {
        let text = "\u{0}leading, middle \u{0} and trailing\u{0}"
        let span = FinishedSpan(
            name: text, context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true, traceState: text),
            startTime: .now(), status: .error(description: text), attributes: [Attribute(text, .string(text))])
        let bytes = OTLPProtobufEncoder().encode([span], resource: Resource(attributes: [Attribute(text, "r")]))
        let decoded = try #require(try OTLPProtobufDecoder().decode(bytes).spans.first)
        #expect(decoded.name == text)
        #expect(decoded.traceState == text)
        #expect(decoded.status == .error(description: text))
        #expect(decoded.attributes == [Attribute(text, .string(text))])
    }

    @Test func stringsOfEveryShortLengthArriveWhole() throws {
        // The copies switch strategy at 8, 16 and 32 bytes.
        let attributes = (0...40).map { length in
            Attribute(String(repeating: "k", count: length), .string(String(repeating: "é", count: length / 2)
                + String(repeating: "v", count: length % 2)))
        }
        let span = FinishedSpan(name: "lengths", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                                startTime: .now(), attributes: attributes)
        let decoded = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode([span], resource: SampleSpans.resource))
        #expect(decoded.spans.first?.attributes == attributes)
    }

    @Test func countsBeyondUInt32AreClamped() throws {
        var span = SampleSpans.rich()[1]
        span.droppedAttributesCount = Int(UInt32.max) + 10
        let decoded = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode([span], resource: SampleSpans.resource))
        #expect(decoded.spans.first?.droppedAttributesCount == Int(UInt32.max))
    }
}
