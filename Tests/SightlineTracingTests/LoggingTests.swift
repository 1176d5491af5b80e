import Logging
import Sightline
import SightlineTracing
import Synchronization
import Testing
import Tracing

/// Log lines written inside a span carry its ids.
@Suite struct LoggingTests {
    @Test func logLinesCarryTheIdsOfTheInnermostSpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let lines = CapturedLines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines, metadataProvider: .sightline) }

        logger.info("before any span")
        await sightline.withTrace("sightline root") { _ in
            logger.info("in sightline root")
            await tracer.withSpan("library span") { _ in
                logger.info("in library span")
                async let child: Void = sightline.withSpan("child in async let") { _ in
                    logger.info("in async let child", metadata: ["extra": "kept"])
                }
                await child
            }
        }
        logger.info("after every span")
        await sightline.flush()

        let byMessage = Dictionary(uniqueKeysWithValues: lines.all.map { ($0.message, $0.metadata) })
        #expect(byMessage["before any span"] == [:])
        #expect(byMessage["after every span"] == [:])
        for (message, spanName) in [("in sightline root", "sightline root"), ("in library span", "library span"),
                                    ("in async let child", "child in async let")] {
            let span = try exporter.span(spanName)
            #expect(byMessage[message]?["trace_id"] == .string(span.traceId.hex), "\(message)")
            #expect(byMessage[message]?["span_id"] == .string(span.spanId.hex), "\(message)")
        }
        #expect(byMessage["in async let child"]?["extra"] == .string("kept"))
    }

    @Test func keyNamesCanBeChosen() async {
        let exporter = InMemoryExporter()
        let (sightline, _) = makeTracedSDK(exporter: exporter)
        let lines = CapturedLines()
        let logger = Logger(label: "test") { _ in
            CapturingLogHandler(lines: lines, metadataProvider: .sightline(traceIdKey: "trace.id", spanIdKey: "span.id"))
        }
        let context = sightline.withSpan("span") { span in
            logger.info("inside")
            return span.context
        }
        #expect(lines.all.first?.metadata == ["trace.id": .string(context.traceId.hex), "span.id": .string(context.spanId.hex)])
    }

    @Test func aDisabledSDKAddsNothing() async {
        let sightline = Sightline(.disabled)
        let lines = CapturedLines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines, metadataProvider: .sightline) }
        sightline.withSpan("span") { _ in logger.info("inside") }
        #expect(lines.all.first?.metadata == [:])
    }
}

/// Log lines as a handler saw them: the message and all metadata, the provider's included.
final class CapturedLines: Sendable {
    struct Line: Sendable {
        let message: String
        let metadata: Logger.Metadata
    }

    private let lines = Mutex<[Line]>([])
    func append(_ line: Line) { lines.withLock { $0.append(line) } }
    var all: [Line] { lines.withLock { $0 } }
}

/// A log handler that records what it would print, merging metadata the way stream handlers do:
/// the provider's values first, then the handler's, then the call's.
struct CapturingLogHandler: LogHandler {
    let lines: CapturedLines
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadataProvider?.get() ?? [:]
        merged.merge(metadata) { _, handler in handler }
        merged.merge(event.metadata ?? [:]) { _, call in call }
        lines.append(CapturedLines.Line(message: event.message.description, metadata: merged))
    }
}
