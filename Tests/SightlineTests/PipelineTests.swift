import SightlineTesting
import Testing
@testable import Sightline

@Suite("Pipeline: batching, flush, shutdown, drops")
struct PipelineTests {
    @Test func fullQueueDropsAndCountsWithoutBlockingTheCaller() async throws {
        let exporter = GatedExporter()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [],
            batch: .init(maxQueueSize: 10, scheduleDelay: .milliseconds(10), maxExportBatchSize: 5),
            warningHandler: { _ in }))
        for index in 0..<100 {
            sdk.withSpan("span-\(index)") { _ in }
        }
        // The loop holds at most one batch in flight; the queue bound covers queued + in flight.
        #expect(sdk.diagnostics.value(of: .spansEnded) == 100)
        #expect(sdk.diagnostics.value(of: .spansDroppedQueueFull) == 90)
        exporter.open()
        await sdk.flush()
        #expect(exporter.exported.count == 10)
        #expect(sdk.diagnostics.value(of: .spansExported) == 10)
        #expect(sdk.diagnostics.value(of: .spansExported) + sdk.diagnostics.value(of: .spansDroppedQueueFull) == 100)
    }

    @Test func aFullBatchShipsWithoutWaitingForTheTimer() async throws {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [],
            batch: .init(maxQueueSize: 100, scheduleDelay: .seconds(3600), maxExportBatchSize: 10)))
        for index in 0..<10 { sdk.withSpan("s\(index)") { _ in } }
        try await waitUntil(.seconds(5)) { exporter.spans.count >= 10 }
        #expect(exporter.spans.count == 10)
        #expect(exporter.exportedBatches.count == 1)
    }

    @Test func aPartialBatchShipsOnTheTimer() async throws {
        let exporter = InMemoryExporter()
        let clock = ManualClock()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [],
            batch: .init(maxQueueSize: 100, scheduleDelay: .milliseconds(50), maxExportBatchSize: 10)), batchClock: clock)
        sdk.withSpan("single") { _ in }
        // The first span arms the timer; nothing but the timer ships a batch of one.
        try await clock.waitForSleepers()
        clock.advance(by: .milliseconds(50))
        try await waitUntil(.seconds(5)) { !exporter.spans.isEmpty }
        #expect(exporter.spans.map(\.name) == ["single"])
    }

    @Test func flushWaitsForDeliveryOfEverythingEndedBefore() async throws {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [],
            batch: .init(maxQueueSize: 5000, scheduleDelay: .seconds(3600), maxExportBatchSize: 100)))
        for index in 0..<1234 { sdk.withSpan("s\(index)") { _ in } }
        await sdk.flush()
        #expect(exporter.spans.count == 1234)
        #expect(exporter.exportedBatches.allSatisfy { $0.spans.count <= 100 })
        #expect(exporter.exportedBatches.first?.resource.serviceName == "unknown_service:swift")
    }

    @Test func exportedSpansDoNotStayAllocated() async {
        struct DiscardingExporter: SpanExporter {
            func export(_ batch: SpanBatch) async throws {}
        }
        final class WeakSpan { weak var span: Span? }
        let batchSize = 8
        let sdk = Sightline(Configuration(
            exporter: .custom(DiscardingExporter()), conventions: [],
            batch: .init(maxQueueSize: 1000, scheduleDelay: .seconds(3600), maxExportBatchSize: batchSize)))
        var ended: [WeakSpan] = []
        for index in 0..<(10 * batchSize) {
            sdk.withSpan("s\(index)") { span in
                let reference = WeakSpan()
                reference.span = span
                ended.append(reference)
            }
        }
        await sdk.flush()
        // Producers release exported spans as more spans end; with none ending, the export
        // loop keeps at most two batches' worth for them and releases the rest itself.
        #expect(ended.count { $0.span != nil } <= 2 * batchSize)
        #expect(sdk.diagnostics.value(of: .spansExported) == 10 * batchSize)
        // Each span that ends releases two exported ones.
        for index in 0..<batchSize { sdk.withSpan("later\(index)") { _ in } }
        #expect(ended.count { $0.span != nil } == 0)
        await sdk.shutdown()
    }

    @Test func shutdownDeliversEverythingQueuedThenDropsLateSpans() async throws {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [], batch: .init(scheduleDelay: .seconds(3600))))
        for index in 0..<300 { sdk.withSpan("s\(index)") { _ in } }
        await sdk.shutdown(timeout: .seconds(10))
        #expect(exporter.spans.count == 300)
        sdk.withSpan("late") { _ in }
        #expect(sdk.diagnostics.value(of: .spansDroppedAfterShutdown) == 1)
        await sdk.flush()
        #expect(exporter.spans.count == 300)
    }

    @Test func shutdownWithAHangingExporterReturnsWithinItsDeadline() async throws {
        let warnings = WarningLog()
        let clock = ManualClock()
        let sdk = Sightline(Configuration(
            exporter: .custom(HangingExporter()), conventions: [],
            batch: .init(scheduleDelay: .milliseconds(1), exportTimeout: .seconds(3600)),
            warningHandler: { warnings.append($0) }), batchClock: clock)
        sdk.withSpan("stuck") { _ in }
        let start = clock.now
        try await clock.advance(by: .milliseconds(100)) { await sdk.shutdown(timeout: .milliseconds(300)) }
        let elapsed = start.duration(to: clock.now)
        // The exporter hangs for good and the export timeout is an hour: returning at all is the
        // deadline at work.
        #expect(elapsed < .seconds(30 * testTimeScale))
        #expect(warnings.all.contains { $0.contains("shutdown deadline") })
    }

    @Test func exportTimeoutAndFailuresAreCounted() async throws {
        let clock = ManualClock()
        let hanging = Sightline(Configuration(
            exporter: .custom(HangingExporter()), conventions: [],
            batch: .init(scheduleDelay: .milliseconds(1), exportTimeout: .milliseconds(100)), warningHandler: { _ in }),
            batchClock: clock)
        hanging.withSpan("a") { _ in }
        hanging.withSpan("b") { _ in }
        // The export hangs until its deadline passes on the clock.
        try await clock.advance(by: .milliseconds(100)) { await hanging.flush() }
        #expect(hanging.diagnostics.value(of: .exportFailures) >= 1)
        #expect(hanging.diagnostics.value(of: .spansFailedExport) == 2)

        let failing = Sightline(Configuration(
            exporter: .custom(FailingExporter()), conventions: [],
            batch: .init(scheduleDelay: .milliseconds(1)), warningHandler: { _ in }))
        failing.withSpan("c") { _ in }
        await failing.flush()
        #expect(failing.diagnostics.value(of: .spansFailedExport) == 1)
        #expect(failing.diagnostics.value(of: .spansExported) == 0)
    }

    @Test func diagnosticsCountStartedEndedExported() async {
        let (sdk, _) = makeSDK()
        await sdk.withTrace("root") { _ in
            for _ in 0..<4 { Sightline.withSpan("child") { _ in } }
        }
        await sdk.flush()
        let counts = sdk.diagnostics.snapshot
        #expect(counts[.spansStarted] == 5)
        #expect(counts[.spansEnded] == 5)
        #expect(counts[.spansExported] == 5)
    }

    @Test func conventionsRunBeforeTheExporterSeesTheSpan() async throws {
        let (sdk, exporter) = makeSDK(conventions: [.genAI])
        await sdk.withTrace("root", metadata: TraceMetadata(userId: "u-7")) { _ in
            Sightline.withSpan("chat", type: .llm) { span in span.model = "gpt-4o" }
        }
        await sdk.flush()
        let chat = try #require(exporter.spans(named: "chat").first)
        #expect(chat.attribute("gen_ai.request.model") == .string("gpt-4o"))
        #expect(chat.attribute("gen_ai.operation.name") == .string("chat"))
        #expect(chat.attribute("user.id") == .string("u-7"))
    }
}

@Suite("Sampling")
struct SamplerTests {
    @Test func alwaysOffRecordsNothingAndCountsTheRoot() async {
        let (sdk, exporter) = makeSDK(sampler: AlwaysOffSampler())
        await sdk.withTrace("root") { trace in
            #expect(trace.id.isValid, "a sampled-out trace still has an id to propagate")
            Sightline.withSpan("child") { span in
                #expect(!span.isRecording)
                span.setAttribute("ignored", 1)
            }
        }
        await sdk.flush()
        #expect(exporter.spans.isEmpty)
        #expect(sdk.diagnostics.value(of: .spansSampledOut) == 1, "children of a sampled-out root are never created")
    }

    @Test func ratioSamplerKeepsAboutTheRatioAndWholeTraces() async {
        let (sdk, exporter) = makeSDK(sampler: ParentBasedSampler(root: TraceIDRatioSampler(ratio: 0.25)),
                                      batch: .init(maxQueueSize: 10_000, scheduleDelay: .milliseconds(10)))
        for _ in 0..<2000 {
            sdk.withTrace("root") { _ in sdk.withSpan("child") { _ in } }
        }
        await sdk.flush()
        let roots = exporter.spans(named: "root").count
        #expect(roots > 350 && roots < 650, "about 500 of 2000 (got \(roots))")
        #expect(exporter.spans(named: "child").count == roots, "children follow their root")
    }

    @Test func ratioDecisionDependsOnlyOnTheTraceId() {
        let sampler = TraceIDRatioSampler(ratio: 0.5)
        let low = TraceID(high: 1, low: 10)
        let high = TraceID(high: 1, low: .max - 10)
        #expect(sampler.shouldSample(parent: nil, traceId: low, name: "a", kind: .internal))
        #expect(!sampler.shouldSample(parent: nil, traceId: high, name: "b", kind: .server))
        #expect(TraceIDRatioSampler(ratio: 0).shouldSample(parent: nil, traceId: low, name: "a", kind: .internal) == false)
        #expect(TraceIDRatioSampler(ratio: 1).shouldSample(parent: nil, traceId: high, name: "a", kind: .internal))
    }

    @Test func parentBasedFollowsARemoteParentsFlag() {
        let sampler = ParentBasedSampler(root: AlwaysOffSampler())
        let sampledParent = SpanContext(traceId: .random(), spanId: .random(), isSampled: true, isRemote: true)
        let unsampledParent = SpanContext(traceId: .random(), spanId: .random(), isSampled: false, isRemote: true)
        #expect(sampler.shouldSample(parent: sampledParent, traceId: sampledParent.traceId, name: "x", kind: .server))
        #expect(!sampler.shouldSample(parent: unsampledParent, traceId: unsampledParent.traceId, name: "x", kind: .server))
        #expect(!sampler.shouldSample(parent: nil, traceId: .random(), name: "x", kind: .server))
    }
}

@Suite("Span limits")
struct SpanLimitTests {
    @Test func attributeCountLimitDropsNewKeysAndCountsThem() async throws {
        let (sdk, exporter) = makeSDK(limits: SpanLimits(attributeCountLimit: 3))
        sdk.withSpan("busy") { span in
            for index in 0..<10 { span.setAttribute("k\(index)", index) }
            span.setAttribute("k0", "replaced")
        }
        await sdk.flush()
        let busy = try #require(exporter.spans.first)
        #expect(busy.attributes.map(\.key) == ["k0", "k1", "k2"])
        #expect(busy.attribute("k0") == .string("replaced"), "an existing key can still be updated")
        #expect(busy.droppedAttributesCount == 7)
        #expect(sdk.diagnostics.value(of: .attributesDropped) == 7)
    }

    @Test func valueLengthLimitTruncatesStringsAndStringArrays() async throws {
        let (sdk, exporter) = makeSDK(limits: SpanLimits(attributeValueLengthLimit: 4))
        sdk.withSpan("long") { span in
            span.setAttribute("text", "abcdefgh")
            span.setAttribute("emoji", "😀😀😀😀😀😀")
            span.setAttribute("list", ["abcdef", "xy"])
            span.setAttribute("number", 123456789)
        }
        await sdk.flush()
        let long = try #require(exporter.spans.first)
        #expect(long.attribute("text") == .string("abcd"))
        #expect(long.attribute("emoji") == .string("😀😀😀😀"), "characters, not bytes")
        #expect(long.attribute("list") == .array(["abcd", "xy"]))
        #expect(long.attribute("number") == .int(123456789))
        #expect(sdk.diagnostics.value(of: .attributeValuesTruncated) == 3)
    }

    @Test func eventAndLinkLimitsDropAndCount() async throws {
        let (sdk, exporter) = makeSDK(limits: SpanLimits(eventCountLimit: 2, linkCountLimit: 1, attributePerEventCountLimit: 1))
        sdk.withSpan("eventful") { span in
            for index in 0..<5 { span.addEvent("e\(index)", attributes: [Attribute("a", 1), Attribute("b", 2)]) }
            for _ in 0..<3 { span.addLink(SpanContext(traceId: .random(), spanId: .random(), isSampled: true)) }
        }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.events.map(\.name) == ["e0", "e1"])
        #expect(span.events[0].attributes.count == 1 && span.events[0].droppedAttributesCount == 1)
        #expect(span.droppedEventsCount == 3)
        #expect(span.links.count == 1 && span.droppedLinksCount == 2)
        #expect(sdk.diagnostics.value(of: .eventsDropped) == 3)
        #expect(sdk.diagnostics.value(of: .linksDropped) == 2)
    }
}
