import Sightline
import SightlineTracing
import Testing
import Tracing

/// What a library records through the swift-distributed-tracing API arrives in Sightline's model.
@Suite struct SpanMappingTests {
    struct Version: CustomStringConvertible, Sendable {
        var description: String { "v2" }
    }

    @Test func everyKindMapsToItsOpenTelemetryKind() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let kinds: [(Tracing::SpanKind, Sightline::SpanKind)] = [
            (.server, .server), (.client, .client), (.producer, .producer), (.consumer, .consumer), (.internal, .internal),
        ]
        for (index, (kind, _)) in kinds.enumerated() {
            tracer.startSpan("kind \(index)", ofKind: kind).end()
        }
        await sightline.flush()
        for (index, (_, expected)) in kinds.enumerated() {
            #expect(try exporter.span("kind \(index)").kind == expected)
        }
    }

    @Test func attributesOfEveryTypeKeepTheirValues() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let span = tracer.startSpan("attributes")
        span.attributes["int"] = 42
        span.attributes["int32"] = Int32(7)
        span.attributes["double"] = 0.5
        span.attributes["bool"] = true
        span.attributes["string"] = "GET"
        span.attributes["strings"] = ["a", "b"]
        span.attributes["ints"] = [Int64(1), 2]
        span.attributes["doubles"] = [0.25, 0.75]
        span.attributes["bools"] = [true, false]
        span.attributes.set("convertible", value: .stringConvertible(Version()))
        span.attributes.set("convertibles", value: .stringConvertibleArray([Version(), Version()]))
        span.attributes["removed"] = "soon gone"
        span.attributes["removed"] = nil
        span.updateAttributes { $0["http.response.status_code"] = 200 }
        #expect(span.attributes.get("string") == .string("GET"))
        span.end()
        await sightline.flush()

        let exported = try exporter.span("attributes")
        #expect(exported.attribute("int") == .int(42))
        #expect(exported.attribute("int32") == .int(7))
        #expect(exported.attribute("double") == .double(0.5))
        #expect(exported.attribute("bool") == .bool(true))
        #expect(exported.attribute("string") == .string("GET"))
        #expect(exported.attribute("strings") == .strings(["a", "b"]))
        #expect(exported.attribute("ints") == .array([.int(1), .int(2)]))
        #expect(exported.attribute("doubles") == .array([.double(0.25), .double(0.75)]))
        #expect(exported.attribute("bools") == .array([.bool(true), .bool(false)]))
        #expect(exported.attribute("convertible") == .string("v2"))
        #expect(exported.attribute("convertibles") == .strings(["v2", "v2"]))
        #expect(exported.attribute("removed") == nil)
        #expect(exported.attribute("http.response.status_code") == .int(200))
    }

    @Test func statusOkIsFinalAndErrorsKeepTheirMessage() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let failed = tracer.startSpan("failed")
        failed.setStatus(.init(code: .error, message: "upstream timed out"))
        failed.end()
        let succeeded = tracer.startSpan("succeeded")
        succeeded.setStatus(.init(code: .ok))
        succeeded.setStatus(.init(code: .error, message: "too late"))
        succeeded.end()
        let untouched = tracer.startSpan("untouched")
        untouched.end()
        await sightline.flush()

        #expect(try exporter.span("failed").status == .error(description: "upstream timed out"))
        #expect(try exporter.span("succeeded").status == .ok)
        #expect(try exporter.span("untouched").status == .unset)
    }

    @Test func recordErrorAddsAnExceptionEventWithoutChangingTheStatus() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        struct NotFound: Error, CustomStringConvertible { var description: String { "no such route" } }
        let instant = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let span = tracer.startSpan("handler")
        span.recordError(NotFound(), attributes: ["http.route": "/missing"], at: instant)
        span.end()
        await sightline.flush()

        let exported = try exporter.span("handler")
        #expect(exported.status == .unset)
        let event = try #require(exported.events.first)
        #expect(event.name == "exception")
        #expect(event.timestamp == Timestamp(nanosecondsSinceEpoch: instant.nanosecondsSinceEpoch))
        #expect(event.attributes.first { $0.key == "exception.message" }?.value == .string("no such route"))
        #expect(event.attributes.first { $0.key == "exception.type" }?.value.stringValue?.hasSuffix("NotFound") == true)
        #expect(event.attributes.first { $0.key == "http.route" }?.value == .string("/missing"))
    }

    @Test func withSpanThatThrowsMarksTheSpanFailed() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try tracer.withSpan("refused") { _ in throw Refused() }
        }
        await sightline.flush()

        let exported = try exporter.span("refused")
        #expect(exported.status.isError)
        #expect(exported.events.map(\.name) == ["exception"])
    }

    @Test func eventsKeepTheirTimeAndAttributes() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let instant = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_700_000_000_123_456_789)
        let span = tracer.startSpan("streaming")
        span.addEvent(Tracing::SpanEvent(name: "first token", at: instant, attributes: ["tokens": 1]))
        span.addEvent("done")
        span.end()
        await sightline.flush()

        let events = try exporter.span("streaming").events
        #expect(events.map(\.name) == ["first token", "done"])
        #expect(events[0].timestamp == Timestamp(nanosecondsSinceEpoch: 1_700_000_000_123_456_789))
        #expect(events[0].attributes == [Attribute("tokens", .int(1))])
    }

    @Test func linksPointAtLocalAndRemoteSpans() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let batchItem = tracer.startSpan("batch item")
        batchItem.end()
        var remote = InstrumentationContext.topLevel
        tracer.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], into: &remote,
                       using: DictionaryExtractor())
        let batch = tracer.startSpan("batch")
        batch.addLink(batchItem, attributes: ["item": 1])
        batch.addLink(SpanLink(context: remote, attributes: [:]))
        batch.addLink(SpanLink(context: .topLevel, attributes: [:]))
        batch.end()
        await sightline.flush()

        let links = try exporter.span("batch").links
        #expect(links.count == 2)
        #expect(links[0].context == batchItem.span.context)
        #expect(links[0].attributes == [Attribute("item", .int(1))])
        #expect(links[1].context.traceId.hex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(links[1].context.spanId.hex == "00f067aa0ba902b7")
        #expect(links[1].context.isRemote)
    }

    @Test func nameTimesAndScopeComeFromTheLibrary() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let start = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        let end = DefaultTracerClock.Timestamp(nanosecondsSinceEpoch: 1_700_000_000_250_000_000)
        let span = tracer.startSpan("HTTP GET route not found", at: start)
        span.operationName = "/chat"
        span.end(at: end)
        await sightline.flush()

        let exported = try exporter.span("/chat")
        #expect(exported.startTime == Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch))
        #expect(exported.durationNanoseconds == 250_000_000)
        #expect(exported.scope.name == "SightlineTracingTests")
    }

    @Test func anEndedSpanIgnoresChangesAndCountsThem() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let span = tracer.startSpan("ended")
        span.attributes["before"] = 1
        span.end()
        #expect(!span.isRecording)
        span.attributes["after"] = 2
        span.end()
        await sightline.flush()

        let exported = try exporter.span("ended")
        #expect(exported.attribute("before") == .int(1))
        #expect(exported.attribute("after") == nil)
        #expect(sightline.diagnostics.value(of: .mutationsAfterEnd) == 1)
        #expect(exporter.spans.count == 1)
    }

    @Test func sampledOutLibrarySpansRecordNothing() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter, sampler: AlwaysOffSampler())
        tracer.withSpan("sampled out") { span in
            #expect(!span.isRecording)
            span.attributes["ignored"] = true
            #expect(span.attributes.isEmpty)
            sightline.withSpan("child") { child in #expect(!child.isRecording) }
        }
        await sightline.flush()
        #expect(exporter.spans.isEmpty)
    }

    @Test func activeSpanFindsTheSpanAContextHolds() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        tracer.withSpan("outer") { outer in
            let found = tracer.activeSpan(identifiedBy: InstrumentationContext.current ?? .topLevel)
            #expect(found?.span === outer.span)
            found?.attributes["set through the found handle"] = true
            #expect(outer.attributes.get("set through the found handle") == .bool(true))
        }
        #expect(tracer.activeSpan(identifiedBy: .topLevel) == nil)
        await sightline.flush()
        #expect(try exporter.span("outer").attribute("set through the found handle") == .bool(true))
    }
}

/// Reads headers from a dictionary, as an HTTP framework's extractor reads its header type.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key]
    }
}

/// Writes headers into a dictionary.
struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}
