import Synchronization
@testable import Sightline
import SightlineTesting

/// An SDK exporting into memory, with a short schedule delay so tests do not wait.
func makeSDK(
    conventions: [Convention] = [],
    sampler: any Sampler = .parentBasedAlwaysOn,
    limits: SpanLimits = SpanLimits(),
    batch: BatchSpanProcessor.Settings = .init(scheduleDelay: .milliseconds(20)),
    captureContent: Bool = true,
    warnings: WarningLog? = nil
) -> (Sightline, InMemoryExporter) {
    let exporter = InMemoryExporter()
    let config = Configuration(
        serviceName: "test-service", exporter: .custom(exporter), conventions: conventions, sampler: sampler,
        limits: limits, batch: batch, captureContent: captureContent,
        warningHandler: { message in warnings?.append(message) })
    return (Sightline(config), exporter)
}

/// An exporter that holds every export until `open()` is called, to fill queues on purpose.
final class GatedExporter: SpanExporter {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var exported: [FinishedSpan] = []
        var calls = 0
    }
    private let state = Mutex(State())

    func export(_ batch: SpanBatch) async throws {
        state.withLock { $0.calls += 1 }
        await withCheckedContinuation { continuation in
            let open = state.withLock { state -> Bool in
                if !state.isOpen { state.waiters.append(continuation) }
                return state.isOpen
            }
            if open { continuation.resume() }
        }
        state.withLock { $0.exported += batch.spans }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var exported: [FinishedSpan] { state.withLock { $0.exported } }
    var calls: Int { state.withLock { $0.calls } }
}

/// An exporter that does not return for a day, unless cancelled (a dead endpoint without a
/// timeout). It sleeps rather than drop a continuation, so the runtime reports no misuse and
/// the leak checker sees no abandoned task.
struct HangingExporter: SpanExporter {
    func export(_ batch: SpanBatch) async throws {
        try await Task.sleep(for: .seconds(86_400))
    }
}

struct FailingExporter: SpanExporter {
    struct Refused: Error {}
    func export(_ batch: SpanBatch) async throws { throw Refused() }
}

struct TestError: Error, Equatable, CustomStringConvertible {
    let code: Int
    var description: String { "test error \(code)" }
}
