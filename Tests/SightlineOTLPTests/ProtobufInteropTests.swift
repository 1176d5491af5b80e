import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// The binary encoding, decoded by an independent decoder (Python opentelemetry-proto).
@Suite(.enabled(if: InteropEnvironment.shouldRun, InteropPython.skipReason))
struct ProtobufInteropTests {
    @Test func everyFieldAndValueKindSurvivesTheReferenceDecoder() async throws {
        let spans = SampleSpans.rich()
        let bytes = OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource)
        let decoded = try await InteropPython.decode(bytes, as: .protobuf)
        let expected = WireRequest(expected: spans, resource: SampleSpans.resource)
        #expect(decoded.resourceSpans.count == 1)
        #expect(decoded.resourceSpans.first?.scopeSpans.map(\.scope.name) == ["sightline", "com.example.queue", "no-version"])
        compare(decoded, expected)
    }

    @Test func allFourConventionsSurviveTheReferenceDecoder() async throws {
        let (spans, resource) = try await SampleSpans.recordedWithAllConventions()
        try #require(spans.count == 5)
        let chat = try #require(spans.first { $0.name == "chat" })
        // The typed LLM fields reached the attributes through every convention's keys.
        for key in ["gen_ai.request.model", "langwatch.span.type", "lmnr.span.type", "openinference.span.kind",
                    "gen_ai.conversation.id", "lmnr.association.properties.session_id", "session.id",
                    "langwatch.labels", "lmnr.association.properties.tags", "tag.tags", "llm.token_count.prompt"] {
            #expect(chat.attribute(key) != nil, "chat span lacks \(key)")
        }
        let bytes = OTLPProtobufEncoder().encode(spans, resource: resource)
        compare(try await InteropPython.decode(bytes, as: .protobuf), WireRequest(expected: spans, resource: resource))
    }

    @Test func oneEncoderReusedForManyBatchesStaysExact() async throws {
        let encoder = OTLPProtobufEncoder(initialCapacity: 1024)
        let spans = SampleSpans.rich()
        _ = encoder.encode(Array(repeating: spans[0], count: 50), resource: SampleSpans.resource)
        let bytes = encoder.encode(spans, resource: SampleSpans.resource)
        compare(try await InteropPython.decode(bytes, as: .protobuf), WireRequest(expected: spans, resource: SampleSpans.resource))
    }
}

/// Compares field by field, so that a failure names the span and field that differ.
func compare(_ actual: WireRequest, _ expected: WireRequest, sourceLocation: SourceLocation = #_sourceLocation) {
    guard actual != expected else { return }
    #expect(actual.resourceSpans.count == expected.resourceSpans.count, sourceLocation: sourceLocation)
    for (actualResource, expectedResource) in zip(actual.resourceSpans, expected.resourceSpans) {
        #expect(actualResource.resource == expectedResource.resource, sourceLocation: sourceLocation)
        #expect(actualResource.schemaUrl == expectedResource.schemaUrl, sourceLocation: sourceLocation)
        #expect(actualResource.scopeSpans.count == expectedResource.scopeSpans.count, sourceLocation: sourceLocation)
        for (actualScope, expectedScope) in zip(actualResource.scopeSpans, expectedResource.scopeSpans) {
            #expect(actualScope.scope == expectedScope.scope, sourceLocation: sourceLocation)
            #expect(actualScope.spans.count == expectedScope.spans.count, sourceLocation: sourceLocation)
            for (actualSpan, expectedSpan) in zip(actualScope.spans, expectedScope.spans) {
                compare(actualSpan, expectedSpan, sourceLocation: sourceLocation)
            }
        }
    }
    #expect(actual == expected, "requests differ", sourceLocation: sourceLocation)
}

private func compare(_ actual: WireSpan, _ expected: WireSpan, sourceLocation: SourceLocation) {
    let name = expected.name
    #expect(actual.traceId == expected.traceId, "\(name): traceId", sourceLocation: sourceLocation)
    #expect(actual.spanId == expected.spanId, "\(name): spanId", sourceLocation: sourceLocation)
    #expect(actual.parentSpanId == expected.parentSpanId, "\(name): parentSpanId", sourceLocation: sourceLocation)
    #expect(actual.traceState == expected.traceState, "\(name): traceState", sourceLocation: sourceLocation)
    #expect(actual.flags == expected.flags, "\(name): flags", sourceLocation: sourceLocation)
    #expect(actual.name == expected.name, "\(name): name", sourceLocation: sourceLocation)
    #expect(actual.kind == expected.kind, "\(name): kind", sourceLocation: sourceLocation)
    #expect(actual.startTimeUnixNano == expected.startTimeUnixNano, "\(name): start", sourceLocation: sourceLocation)
    #expect(actual.endTimeUnixNano == expected.endTimeUnixNano, "\(name): end", sourceLocation: sourceLocation)
    #expect(actual.attributes.map(\.key) == expected.attributes.map(\.key), "\(name): attribute keys",
            sourceLocation: sourceLocation)
    for (actualPair, expectedPair) in zip(actual.attributes, expected.attributes) {
        #expect(actualPair.value == expectedPair.value, "\(name): attribute \(expectedPair.key)",
                sourceLocation: sourceLocation)
    }
    #expect(actual.droppedAttributesCount == expected.droppedAttributesCount, "\(name): dropped attributes",
            sourceLocation: sourceLocation)
    #expect(actual.events == expected.events, "\(name): events", sourceLocation: sourceLocation)
    #expect(actual.droppedEventsCount == expected.droppedEventsCount, "\(name): dropped events",
            sourceLocation: sourceLocation)
    #expect(actual.links == expected.links, "\(name): links", sourceLocation: sourceLocation)
    #expect(actual.droppedLinksCount == expected.droppedLinksCount, "\(name): dropped links",
            sourceLocation: sourceLocation)
    #expect(actual.status == expected.status, "\(name): status", sourceLocation: sourceLocation)
}
