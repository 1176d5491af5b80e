import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// OTLP/JSON, parsed by protobuf's reference JSON parser (json_format) into the Python classes.
@Suite(.enabled(if: InteropEnvironment.shouldRun, InteropPython.skipReason))
struct JSONInteropTests {
    @Test func everyFieldAndValueKindSurvivesTheReferenceParser() async throws {
        let spans = SampleSpans.rich()
        let json = OTLPJSONEncoder().encode(spans, resource: SampleSpans.resource)
        compare(try await InteropPython.decode(json, as: .json), WireRequest(expected: spans, resource: SampleSpans.resource))
    }

    @Test func allFourConventionsSurviveTheReferenceParser() async throws {
        let (spans, resource) = try await SampleSpans.recordedWithAllConventions()
        let json = OTLPJSONEncoder().encode(spans, resource: resource)
        compare(try await InteropPython.decode(json, as: .json), WireRequest(expected: spans, resource: resource))
    }

    @Test func jsonAndProtobufCarryTheSameRequest() async throws {
        let spans = SampleSpans.rich()
        let fromJSON = try await InteropPython.decode(OTLPJSONEncoder().encode(spans, resource: SampleSpans.resource), as: .json)
        let fromProtobuf = try await InteropPython.decode(
            OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource), as: .protobuf)
        compare(fromJSON, fromProtobuf)
    }
}

/// The JSON text itself: the OTLP mapping's exceptions to proto3 JSON, spelled out.
struct JSONEncoderTests {
    @Test func writesTheOTLPJSONMapping() {
        let span = FinishedSpan(
            name: "a\u{0}b\n\"c\"", context: SpanContext(traceId: TraceID(high: 0x0AF7_6519_16CD_43DD, low: 0x8448_EB21_1C80_319C),
                                                       spanId: SpanID(0xB7AD_6B71_6920_3331), isSampled: true,
                                                       traceState: "k=v"),
            parentSpanId: SpanID(0x0102_0304_0506_0708), kind: .client,
            startTime: Timestamp(nanosecondsSinceEpoch: 1_544_712_660_000_000_000),
            endTime: Timestamp(nanosecondsSinceEpoch: 1_544_712_661_000_000_000),
            status: .error(description: "bad"),
            attributes: [Attribute("i", .int(-5)), Attribute("d", .double(.nan)), Attribute("b", .bytes([0xFF, 0x00])),
                         Attribute("e", "😀")],
            events: [SpanEvent(name: "ev", timestamp: Timestamp(nanosecondsSinceEpoch: 7))])
        let json = String(decoding: OTLPJSONEncoder().encode([span], resource: Resource(attributes: [])), as: UTF8.self)
        #expect(json == #"{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{"name":"sightline","version":"\#(SightlineVersion.current)"},"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","traceState":"k=v","parentSpanId":"0102030405060708","flags":257,"name":"a\u0000b\n\"c\"","kind":3,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","attributes":[{"key":"i","value":{"intValue":"-5"}},{"key":"d","value":{"doubleValue":"NaN"}},{"key":"b","value":{"bytesValue":"/wA="}},{"key":"e","value":{"stringValue":"😀"}}],"events":[{"timeUnixNano":"7","name":"ev"}],"status":{"message":"bad","code":2}}]}]}]}"#)
    }
}
