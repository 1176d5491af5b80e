#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import ServiceLifecycle
import Sightline
import SightlineTracing
import Testing

/// A server that stops loses no spans: `SightlineService` exports everything queued before the
/// service group returns.
@Suite(.serialized) struct ServiceTests {
    static let spanCount = 35
    static let quietLogger = Logger(label: "service-tests") { _ in SwiftLogNoOpLogHandler() }

    /// An SDK that would hold spans for an hour, exporting slowly.
    func makeQueuingSDK() -> (Sightline, SlowExporter) {
        let exporter = SlowExporter(delay: .milliseconds(50))
        let (sightline, _) = makeTracedSDK(exporter: exporter,
                                           batch: .init(scheduleDelay: .seconds(3600), maxExportBatchSize: 10))
        for index in 0..<Self.spanCount { sightline.withSpan("queued \(index)") { _ in } }
        return (sightline, exporter)
    }

    @Test func gracefulShutdownExportsQueuedSpansBeforeTheGroupReturns() async throws {
        let (sightline, exporter) = makeQueuingSDK()
        #expect(exporter.spans.count < Self.spanCount)
        let group = ServiceGroup(services: [SightlineService(sightline)], logger: Self.quietLogger)
        async let run: Void = group.run()
        await group.triggerGracefulShutdown()
        try await run

        #expect(exporter.spans.count == Self.spanCount)
        #expect(sightline.diagnostics.value(of: .spansExported) == Self.spanCount)
    }

    @Test func spansEndedByServersShuttingDownAfterItAreExportedToo() async throws {
        let (sightline, exporter) = makeQueuingSDK()
        let server = InFlightRequestService(sightline: sightline)
        let group = ServiceGroup(services: [SightlineService(sightline), server], logger: Self.quietLogger)
        async let run: Void = group.run()
        await group.triggerGracefulShutdown()
        try await run

        #expect(exporter.spans.count == Self.spanCount + 1)
        #expect(exporter.spans.contains { $0.name == "last request" && $0.kind == .server })
        #expect(sightline.diagnostics.value(of: .spansDroppedAfterShutdown) == 0)
    }

    @Test func sigtermExportsQueuedSpansBeforeTheGroupReturns() async throws {
        let (sightline, exporter) = makeQueuingSDK()
        let started = StartedService()
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: SightlineService(sightline)), .init(service: started)],
            gracefulShutdownSignals: [.sigterm], logger: Self.quietLogger))
        async let run: Void = group.run()
        // Services start once the signal handlers are registered.
        await started.hasStarted()
        kill(getpid(), SIGTERM)
        try await run

        #expect(exporter.spans.count == Self.spanCount)
    }

    @Test func cancellationStillExportsQueuedSpans() async throws {
        let (sightline, exporter) = makeQueuingSDK()
        let started = StartedService()
        let group = ServiceGroup(services: [SightlineService(sightline), started], logger: Self.quietLogger)
        let run = Task { try await group.run() }
        await started.hasStarted()
        run.cancel()
        _ = await run.result

        #expect(exporter.spans.count == Self.spanCount)
    }

    @Test func anUnreachableExporterCannotHoldShutdownPastItsTimeout() async throws {
        let exporter = SlowExporter(delay: .seconds(3600))
        let (sightline, _) = makeTracedSDK(exporter: exporter, batch: .init(scheduleDelay: .seconds(3600)))
        sightline.withSpan("stuck") { _ in }
        let group = ServiceGroup(services: [SightlineService(sightline, shutdownTimeout: .milliseconds(300))],
                                 logger: Self.quietLogger)
        let clock = ContinuousClock()
        let start = clock.now
        async let run: Void = group.run()
        await group.triggerGracefulShutdown()
        try await run

        #expect(start.duration(to: clock.now) < .seconds(10))
        #expect(exporter.spans.isEmpty)
    }
}

/// A server finishing its last request during graceful shutdown.
struct InFlightRequestService: Service {
    let sightline: Sightline

    func run() async throws {
        let span = sightline.startSpan("last request", kind: .server)
        try? await gracefulShutdown()
        try? await Task.sleep(for: .milliseconds(50))
        span.end()
    }
}

/// Says when the group has started its services, then waits for shutdown.
final class StartedService: Service, Sendable {
    private let stream = AsyncStream<Void>.makeStream()

    func run() async throws {
        stream.continuation.yield()
        try? await gracefulShutdown()
    }

    func hasStarted() async {
        for await _ in stream.stream { return }
    }
}
