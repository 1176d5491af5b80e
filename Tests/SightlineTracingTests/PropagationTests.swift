import Sightline
import SightlineTracing
import Synchronization
import Testing
import Tracing

/// Propagation through the `Instrument` protocol and as plain functions, and `OTEL_PROPAGATORS`.
@Suite struct PropagationTests {
    static let callerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpanId = "00f067aa0ba902b7"
    static let callerHeaders = [
        "traceparent": "00-\(callerTraceId)-\(callerSpanId)-01",
        "tracestate": "congo=t61rcWkgMzE",
        "baggage": "userId=alice",
    ]

    // MARK: A request joins its caller's trace

    @Test func aRequestWithATraceparentJoinsTheCallersTrace() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        // What an HTTP server's tracing middleware does with an incoming request.
        var context = InstrumentationContext.topLevel
        tracer.extract(Self.callerHeaders, into: &context, using: DictionaryExtractor())
        var downstream: [String: String] = [:]
        tracer.withSpan("POST /chat", context: context, ofKind: .server) { _ in
            sightline.withSpan("llm call", type: .llm) { _ in
                // What an HTTP client does for the next hop.
                tracer.withSpan("POST", ofKind: .client) { clientSpan in
                    tracer.inject(InstrumentationContext.current!, into: &downstream, using: DictionaryInjector())
                    #expect(downstream["traceparent"] == W3CTraceContext.traceparent(clientSpan.span.context))
                }
            }
        }
        await sightline.flush()

        let server = try exporter.span("POST /chat")
        #expect(server.traceId.hex == Self.callerTraceId)
        #expect(server.parentSpanId?.hex == Self.callerSpanId)
        #expect(server.isLocalRoot)
        #expect(server.context.traceState == "congo=t61rcWkgMzE")
        let llm = try exporter.span("llm call")
        #expect(llm.isChild(of: server) && !llm.isLocalRoot)
        let client = try exporter.span("POST")
        #expect(client.isChild(of: llm))
        #expect(downstream["tracestate"] == "congo=t61rcWkgMzE")
        #expect(downstream["baggage"] == "userId=alice")
        #expect(exporter.spans.count == 3)
    }

    @Test func aSightlineSpanInAnExtractedContextIsTheCallersChild() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        var context = InstrumentationContext.topLevel
        tracer.extract(Self.callerHeaders, into: &context, using: DictionaryExtractor())
        #expect(context.sightlineContext.isRemote)
        InstrumentationContext.withValue(context) {
            #expect(Sightline.currentContext.spanContext?.spanId.hex == Self.callerSpanId)
            sightline.withSpan("handler") { _ in }
        }
        await sightline.flush()

        let handler = try exporter.span("handler")
        #expect(handler.traceId.hex == Self.callerTraceId && handler.parentSpanId?.hex == Self.callerSpanId)
        #expect(handler.isLocalRoot)
    }

    @Test func anUnsampledCallerIsFollowedByTheParentBasedSampler() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        var context = InstrumentationContext.topLevel
        tracer.extract(["traceparent": "00-\(Self.callerTraceId)-\(Self.callerSpanId)-00"], into: &context,
                       using: DictionaryExtractor())
        var downstream: [String: String] = [:]
        tracer.withSpan("server", context: context, ofKind: .server) { span in
            #expect(!span.isRecording)
            sightline.withSpan("inner") { inner in #expect(!inner.isRecording) }
            tracer.inject(InstrumentationContext.current!, into: &downstream, using: DictionaryInjector())
        }
        await sightline.flush()

        #expect(exporter.spans.isEmpty)
        // The decision travels on: the next hop sees the same trace, unsampled.
        let next = try #require(W3CTraceContext.parse(traceparent: downstream["traceparent"] ?? ""))
        #expect(next.traceId.hex == Self.callerTraceId && !next.isSampled)
    }

    @Test func aMalformedTraceparentStartsAFreshTraceAndIsCounted() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        for header in ["garbage", "00-\(Self.callerTraceId)-0000000000000000-01", "", "\u{0}"] {
            var context = InstrumentationContext.topLevel
            tracer.extract(["traceparent": header, "tracestate": "a=1", "baggage": "k=v"], into: &context,
                           using: DictionaryExtractor())
            #expect(context.sightlineContext.span == nil)
            #expect(context.w3cBaggage?["k"] == "v")
            tracer.startSpan("fresh", context: context, ofKind: .server).end()
        }
        await sightline.flush()

        #expect(tracer.ignoredHeaders == 4)
        for span in exporter.spans(named: "fresh") {
            #expect(span.parentSpanId == nil && span.traceId.hex != Self.callerTraceId)
        }
    }

    @Test func malformedTracestateAndBaggageAreCountedNotFatal() {
        let exporter = InMemoryExporter()
        let (_, tracer) = makeTracedSDK(exporter: exporter)
        var context = InstrumentationContext.topLevel
        tracer.extract(["traceparent": Self.callerHeaders["traceparent"]!, "tracestate": "Bad Key=1",
                        "baggage": "ok=1,broken,also broken=2"], into: &context, using: DictionaryExtractor())
        #expect(context.sightlineContext.spanContext?.spanId.hex == Self.callerSpanId)
        #expect(context.sightlineContext.spanContext?.traceState == "")
        #expect(context.w3cBaggage?.entries.map(\.key) == ["ok"])
        #expect(tracer.ignoredHeaders == 3)
    }

    @Test func injectingOutsideAnySpanWritesNoTraceparent() {
        let exporter = InMemoryExporter()
        let (_, tracer) = makeTracedSDK(exporter: exporter)
        var headers: [String: String] = [:]
        tracer.inject(.topLevel, into: &headers, using: DictionaryInjector())
        #expect(headers.isEmpty)
    }

    @Test func aSightlineSpanIsInjectedWithoutALibrarySpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        var headers: [String: String] = [:]
        let spanContext = sightline.withSpan("outgoing") { span in
            tracer.inject(InstrumentationContext.current ?? .topLevel, into: &headers, using: DictionaryInjector())
            return span.context
        }
        #expect(headers == ["traceparent": W3CTraceContext.traceparent(spanContext)])
    }

    // MARK: OTEL_PROPAGATORS

    @Test func otelPropagatorsChoosesTheHeaders() {
        #expect(Propagators.fromEnvironment([:]) == Propagators(traceContext: true, baggage: true))
        #expect(Propagators.fromEnvironment(["OTEL_PROPAGATORS": ""]) == Propagators())
        #expect(Propagators.fromEnvironment(["OTEL_PROPAGATORS": "tracecontext"]) == Propagators(traceContext: true, baggage: false))
        #expect(Propagators.fromEnvironment(["OTEL_PROPAGATORS": " Baggage "]) == Propagators(traceContext: false, baggage: true))
        #expect(Propagators.fromEnvironment(["OTEL_PROPAGATORS": "none"]) == .none)
        let unknown = Propagators.fromEnvironment(["OTEL_PROPAGATORS": "b3,tracecontext,,xray"])
        #expect(unknown.traceContext && !unknown.baggage)
        #expect(unknown.warnings.count == 2)
        #expect(unknown.warnings.allSatisfy { $0.contains("OTEL_PROPAGATORS") })
        let noneWins = Propagators.fromEnvironment(["OTEL_PROPAGATORS": "none,baggage"])
        #expect(!noneWins.traceContext && !noneWins.baggage && noneWins.warnings.count == 1)
    }

    @Test func disabledPropagatorsNeitherReadNorWrite() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter, propagators: .none)
        var context = InstrumentationContext.topLevel
        tracer.extract(Self.callerHeaders, into: &context, using: DictionaryExtractor())
        #expect(context.isEmpty)
        var headers: [String: String] = [:]
        sightline.withSpan("span") { _ in
            tracer.inject(.topLevel, into: &headers, using: DictionaryInjector())
        }
        #expect(headers.isEmpty)

        let baggageOnly = makeTracedSDK(exporter: exporter, propagators: Propagators(traceContext: false, baggage: true)).1
        var baggageContext = InstrumentationContext.topLevel
        baggageOnly.extract(Self.callerHeaders, into: &baggageContext, using: DictionaryExtractor())
        #expect(baggageContext.sightlineContext.span == nil)
        #expect(baggageContext.w3cBaggage?["userId"] == "alice")
    }

    @Test func theTracerWarnsAboutItsPropagatorsThroughTheSDK() {
        let warnings = WarningLog()
        let sightline = Sightline(Configuration(serviceName: "t", exporter: .none,
                                                warningHandler: { warnings.append($0) }))
        _ = SightlineTracer(sightline, propagators: .fromEnvironment(["OTEL_PROPAGATORS": "jaeger"]))
        #expect(warnings.all.contains { $0.contains("'jaeger' is not supported") })
    }

    // MARK: Plain functions

    @Test func plainFunctionsCarryASpanAcrossAHandBuiltRequest() async throws {
        let exporter = InMemoryExporter()
        let (sightline, _) = makeTracedSDK(exporter: exporter)
        let propagators = Propagators()
        var baggage = W3CBaggage()
        try baggage.setValue("acme", forKey: "customer")

        // The caller writes its headers into a request it builds itself.
        var request: [(String, String)] = []
        let caller = sightline.withTrace("caller") { _ in
            propagators.inject(baggage: baggage) { request.append(($0, $1)) }
            return Sightline.currentContext.spanContext!
        }
        #expect(request.map(\.0) == ["traceparent", "baggage"])

        // The callee reads them back, looking names up case-insensitively.
        let extracted = propagators.extract(sightline: sightline) { name in
            request.first { $0.0.lowercased() == name }?.1
        }
        #expect(extracted.ignoredHeaders == 0)
        #expect(extracted.baggage["customer"] == "acme")
        #expect(extracted.context.isRemote)
        Sightline.withContext(extracted.context) {
            sightline.withSpan("callee") { _ in }
        }
        let started = sightline.startSpan("callee, started by hand", kind: .server, parent: extracted.context)
        started.end()
        await sightline.flush()

        for name in ["callee", "callee, started by hand"] {
            let callee = try exporter.span(name)
            #expect(callee.traceId == caller.traceId && callee.parentSpanId == caller.spanId && callee.isLocalRoot)
        }
    }

    @Test func plainExtractIgnoresMalformedHeaders() {
        let extracted = Propagators().extract(sightline: makeTracedSDK(exporter: InMemoryExporter()).0) { name in
            ["traceparent": "00-zz", "baggage": "%%%"][name]
        }
        #expect(extracted.context.span == nil)
        #expect(extracted.baggage.isEmpty)
        #expect(extracted.ignoredHeaders == 2)
    }

    @Test func aRemoteParentWithInvalidIdsGivesAnEmptyContext() {
        let invalid = SpanContext(traceId: .invalid, spanId: .random(), isSampled: true)
        #expect(SightlineContext(remoteParent: invalid, sightline: makeTracedSDK(exporter: InMemoryExporter()).0).span == nil)
    }
}

/// Collects warnings.
final class WarningLog: Sendable {
    private let messages = Mutex<[String]>([])
    func append(_ message: String) { messages.withLock { $0.append(message) } }
    var all: [String] { messages.withLock { $0 } }
}
