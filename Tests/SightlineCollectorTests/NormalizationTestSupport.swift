import Sightline
import SightlineOTLP
import SightlineOTLPDecoding

/// Decoded spans as another SDK would send them, for attribute spellings Sightline does not write.
enum DecodedSpanBuilder {
    static func span(attributes: [Attribute]) -> DecodedSpan {
        DecodedSpan(traceId: TraceID(high: 0xABCD, low: 1), spanId: SpanID(7), name: "operation", kind: .internal,
                    startTime: Timestamp(nanosecondsSinceEpoch: 1_000), endTime: Timestamp(nanosecondsSinceEpoch: 2_000),
                    attributes: attributes)
    }

    static func traces(_ spans: [DecodedSpan]) -> DecodedTraces {
        DecodedTraces(resourceSpans: [
            DecodedResourceSpans(resource: Resource(serviceName: "other-sdk"), scopeSpans: [
                DecodedScopeSpans(scope: InstrumentationScope(name: "test"), spans: spans),
            ]),
        ])
    }
}
