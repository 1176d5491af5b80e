import SightlineTesting
import Synchronization
import Testing
@testable import Sightline

/// Sixteen tasks on every core create ten million spans in nested traces (synchronous children,
/// `async let` children with grandchildren), while flushes come at random moments and the SDK
/// shuts down halfway. Every span is accounted for: created = exported + dropped (each drop
/// counted), no span is exported twice, and every flush returns only after what ended before it
/// was exported or counted as dropped.
@Suite("Span pipeline under stress", .timeLimit(.minutes(10)))
struct SpanStressTests {
    /// Ten million, fewer under a sanitizer (which runs everything about ten times slower).
    static let totalSpans = 10_000_000 / testTimeScale
    static let tasks = 16

    @Test func everySpanIsExportedOnceOrCountedAsDropped() async throws {
        let exporter = SpanIdRecorder()
        let sdk = Sightline(Configuration(
            exporter: .custom(exporter), conventions: [.genAI],
            // A queue small enough that bursts overflow it: drops must be counted, not lost.
            batch: .init(maxQueueSize: 8192, scheduleDelay: .milliseconds(5), maxExportBatchSize: 512),
            warningHandler: { _ in }))
        let counts = StressCounts()
        let spansPerTask = Self.totalSpans / Self.tasks
        let seed = TestSeed()

        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<Self.tasks {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(task) &+ seed.value)
                    var made = 0
                    while made < spansPerTask {
                        let spans = await Self.trace(sdk, index: made, &generator)
                        made += spans
                        // Counted once the trace's spans have all ended.
                        counts.created.wrappingAdd(spans, ordering: .relaxed)
                        if Int.random(in: 0..<2_000, using: &generator) == 0 {
                            try await Self.flushChecked(sdk, counts)
                        }
                    }
                }
            }
            // Shut down halfway: spans that end afterwards are dropped and counted.
            group.addTask {
                let half = Self.totalSpans / 2
                while sdk.diagnostics.value(of: .spansEnded) < half { try await Task.sleep(for: .milliseconds(1)) }
                await sdk.shutdown(timeout: .seconds(30))
            }
            try await group.waitForAll()
        }
        await sdk.shutdown(timeout: .seconds(30))

        let total = counts.created.load(ordering: .relaxed)
        let diagnostics = sdk.diagnostics
        let exported = exporter.sortedIds()
        let dropped = diagnostics.value(of: .spansDroppedQueueFull) + diagnostics.value(of: .spansDroppedAfterShutdown)
            + diagnostics.value(of: .spansFailedExport)
        #expect(total >= Self.totalSpans - Self.tasks * 8)
        #expect(diagnostics.value(of: .spansEnded) == total)
        #expect(diagnostics.value(of: .spansExported) == exported.count)
        #expect(exported.count + dropped == total, "created \(total), exported \(exported.count), dropped \(dropped); \(seed)")
        #expect(diagnostics.value(of: .spansDroppedAfterShutdown) > 0, "the shutdown came after every span ended")
        #expect(exported.count > 0)
        #expect(zip(exported, exported.dropFirst()).allSatisfy { $0 != $1 }, "a span was exported twice; \(seed)")
        #expect(counts.flushViolations.load(ordering: .relaxed) == 0, "a flush returned before what ended earlier was exported or dropped; \(seed)")
    }

    /// One trace: a root with synchronous children (some with a grandchild), and now and then two
    /// `async let` children with a grandchild each. Returns the number of spans it made.
    static func trace(_ sdk: Sightline, index: Int, _ generator: inout SeededGenerator) async -> Int {
        let children = Int.random(in: 0...6, using: &generator)
        let concurrent = Int.random(in: 0..<8, using: &generator) == 0
        return await sdk.withTrace("root") { _ in
            var made = 1
            for child in 0..<children {
                sdk.withSpan("child") { span in
                    span.setAttribute("index", index)
                    if child.isMultiple(of: 2) { sdk.withSpan("grandchild") { $0.setAttribute("ok", true) } }
                }
                made += child.isMultiple(of: 2) ? 2 : 1
            }
            if concurrent {
                async let left: Int = sdk.withSpan("left") { _ in await sdk.withSpan("left child") { _ in 2 } }
                async let right: Int = sdk.withSpan("right") { _ in await sdk.withSpan("right child") { _ in 2 } }
                made += await left + right
            }
            return made
        }
    }

    /// Flushes, and records a violation when the flush returned before every span that ended
    /// before it was exported or counted as dropped. `counts.created` holds the spans of traces that
    /// had ended: spans still ending on other threads are not in it.
    static func flushChecked(_ sdk: Sightline, _ counts: StressCounts) async throws {
        let diagnostics = sdk.diagnostics
        let endedBefore = counts.created.load(ordering: .relaxed)
        await sdk.flush()
        let accounted = diagnostics.value(of: .spansExported) + diagnostics.value(of: .spansDroppedQueueFull)
            + diagnostics.value(of: .spansDroppedAfterShutdown) + diagnostics.value(of: .spansFailedExport)
        if accounted < endedBefore { counts.flushViolations.wrappingAdd(1, ordering: .relaxed) }
    }
}

/// What the tasks count: spans of traces that ended, flushes that returned too early.
final class StressCounts: Sendable {
    let created = Atomic<Int>(0)
    let flushViolations = Atomic<Int>(0)
}

/// Keeps the span id of every span exported.
private final class SpanIdRecorder: SpanExporter {
    private let ids = Mutex<[UInt64]>([])

    func export(_ batch: SpanBatch) async throws {
        let batchIds = batch.spans.map(\.spanId.value)
        ids.withLock { $0 += batchIds }
    }

    func sortedIds() -> [UInt64] { ids.withLock { $0 }.sorted() }
}
