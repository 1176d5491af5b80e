import Synchronization

/// Queues finished spans and exports them in batches from one export loop.
///
/// `onEnd` never blocks: it appends under a lock, and when the queue is full the span is
/// dropped and counted in ``Diagnostics/Counter/spansDroppedQueueFull``. The loop ships a batch
/// as soon as `maxExportBatchSize` spans wait, or when the oldest waiting span has waited
/// `scheduleDelay`. Attribute processors (the conventions) run on the loop, off the caller's thread.
public final class BatchSpanProcessor: SpanProcessor {
    /// The `OTEL_BSP_*` settings.
    ///
    /// Values are kept as given and checked when a processor starts: a queue size or batch size
    /// below one, a batch larger than the queue, a negative delay, a timeout that is not above
    /// zero, or a delay or timeout past an hour is replaced by a sane value with a warning
    /// (``BatchSpanProcessor/settings`` holds the values in use).
    public struct Settings: Sendable, Hashable {
        /// Spans held at most, queued plus being exported (`OTEL_BSP_MAX_QUEUE_SIZE`).
        public var maxQueueSize: Int = 2048
        /// Longest wait before a partial batch ships (`OTEL_BSP_SCHEDULE_DELAY`).
        public var scheduleDelay: Duration = .milliseconds(5000)
        /// Deadline for one export call (`OTEL_BSP_EXPORT_TIMEOUT`).
        public var exportTimeout: Duration = .milliseconds(30000)
        /// Spans per export call at most (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`).
        public var maxExportBatchSize: Int = 512

        /// Sets the batching; the defaults are OpenTelemetry's.
        /// - Parameters:
        ///   - maxQueueSize: spans held at most, queued plus being exported.
        ///   - scheduleDelay: longest wait before a partial batch ships.
        ///   - exportTimeout: deadline for one export call.
        ///   - maxExportBatchSize: spans per export call at most.
        public init(maxQueueSize: Int = 2048, scheduleDelay: Duration = .milliseconds(5000),
                    exportTimeout: Duration = .milliseconds(30000), maxExportBatchSize: Int = 512) {
            self.maxQueueSize = maxQueueSize
            self.scheduleDelay = scheduleDelay
            self.exportTimeout = exportTimeout
            self.maxExportBatchSize = maxExportBatchSize
        }
    }

    private struct State {
        /// The queued spans in batches of at most `maxExportBatchSize`, oldest first: the loop
        /// takes them all in O(1) and exports each batch as it is, without copying a span.
        var batches: [[FinishedSpan]] = []
        var queuedCount = 0
        /// When the oldest queued span arrived, on the processor's clock.
        var oldestArrival: Duration?
        /// Taken off the queue, not yet exported: still counts against `maxQueueSize`.
        var inFlight = 0
        /// Spans accepted so far, and spans whose export finished (delivered or failed).
        var accepted = 0
        var completed = 0
        var flushWaiters: [(target: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var loopWaiter: CheckedContinuation<Void, Never>?
        var isShutDown = false
        var loopFinished = false
        /// Exported batches whose spans wait to be released by producers, a few per `onEnd`.
        var spent: [[FinishedSpan]] = []

        enum Outcome { case queued, queuedAndWake, full, shutDown }

        /// Queues `span` unless the queue is full or shut down; returns the loop's waiter when
        /// the loop must wake: to arm its timer (first span) or to ship a full batch.
        mutating func enqueue(_ span: FinishedSpan, _ settings: Settings,
                              _ clock: SchedulingClock) -> (Outcome, CheckedContinuation<Void, Never>?) {
            if isShutDown { return (.shutDown, nil) }
            if queuedCount + inFlight >= settings.maxQueueSize { return (.full, nil) }
            if queuedCount == 0 { oldestArrival = clock.now }
            if let last = batches.indices.last, batches[last].count < settings.maxExportBatchSize {
                batches[last].append(span)
            } else {
                var batch: [FinishedSpan] = []
                batch.reserveCapacity(min(settings.maxExportBatchSize, BatchSpanProcessor.largestReservation))
                batch.append(span)
                batches.append(batch)
            }
            queuedCount += 1
            accepted += 1
            if queuedCount == 1 || queuedCount >= settings.maxExportBatchSize, let waiter = loopWaiter {
                loopWaiter = nil
                return (.queuedAndWake, waiter)
            }
            return (.queued, nil)
        }

        /// Takes the next exported span to release, if any.
        mutating func takeSpent() -> FinishedSpan? {
            guard !spent.isEmpty else { return nil }
            let span = spent[spent.count - 1].popLast()
            if spent[spent.count - 1].isEmpty { spent.removeLast() }
            return span
        }

        /// Keeps `batch` for producers to release, and returns the oldest batches beyond
        /// `limit` spans, for the caller to release: when no span ends for a while, what was
        /// exported must not stay allocated.
        mutating func keepSpent(_ batch: [FinishedSpan], limit: Int) -> [[FinishedSpan]] {
            guard !batch.isEmpty else { return [] }
            spent.append(batch)
            // A few batches at most: counting them is cheaper than keeping a count in step.
            var kept = spent.reduce(0) { $0 + $1.count }
            var excess: [[FinishedSpan]] = []
            while kept > limit, spent.count > 1 {
                let oldest = spent.removeFirst()
                kept -= oldest.count
                excess.append(oldest)
            }
            return excess
        }
    }

    /// The settings in use: those given, with nonsensical values replaced (see ``Settings``).
    public let settings: Settings
    private let exporter: any SpanExporter
    private let resource: Resource
    private let attributeProcessors: [any AttributeProcessor]
    private let diagnostics: Diagnostics
    private let clock: SchedulingClock
    private let state = LockedState(State())
    private let loopDone = LockedState<CheckedContinuation<Void, Never>?>(nil)

    /// Starts the export loop. The SDK makes one from its ``Configuration``; make one yourself
    /// only to run it in ``Configuration/additionalProcessors``.
    /// - Parameters:
    ///   - exporter: where batches go.
    ///   - resource: the resource every batch carries.
    ///   - settings: the batching; nonsensical values are replaced, with a warning.
    ///   - attributeProcessors: run on each span on the export loop, in order, before export.
    ///   - diagnostics: where drops, failures and warnings are counted.
    public convenience init(exporter: any SpanExporter, resource: Resource, settings: Settings = Settings(),
                            attributeProcessors: [any AttributeProcessor] = [], diagnostics: Diagnostics) {
        self.init(exporter: exporter, resource: resource, settings: settings, attributeProcessors: attributeProcessors,
                  diagnostics: diagnostics, clock: ContinuousClock())
    }

    /// A processor whose schedule delay, export timeout and shutdown deadline run on `clock`:
    /// a test passes a clock it moves by hand, so that it checks the timers without sleeping.
    /// - Parameters:
    ///   - exporter: where batches go.
    ///   - resource: the resource every batch carries.
    ///   - settings: the batching; nonsensical values are replaced, with a warning.
    ///   - attributeProcessors: run on each span on the export loop, in order, before export.
    ///   - diagnostics: where drops, failures and warnings are counted.
    ///   - clock: the clock the timers and deadlines run on.
    public init(exporter: any SpanExporter, resource: Resource, settings: Settings = Settings(),
                attributeProcessors: [any AttributeProcessor] = [], diagnostics: Diagnostics,
                clock: some Clock<Duration>) {
        self.exporter = exporter
        self.clock = SchedulingClock(clock)
        self.resource = resource
        var checks = SettingChecks()
        let settings = settings.checked(&checks)
        for warning in checks.warnings { diagnostics.warn(warning) }
        self.settings = settings
        self.attributeProcessors = attributeProcessors
        self.diagnostics = diagnostics
        Task.detached(priority: .utility) { [self] in await self.runExportLoop() }
    }

    /// Spans reserved up front at most: a batch of millions allocates as it fills.
    fileprivate static let largestReservation = 4096

    // MARK: Caller side

    /// Queues the span without blocking; when the queue is full the span is dropped and counted.
    /// - Parameter span: the span that ended.
    public func onEnd(_ span: FinishedSpan) {
        // Spans are allocated by the threads that end them; freeing them here rather than on
        // the export loop avoids malloc's cross-thread (arena lock) path. Two per call, not a
        // whole batch at once: the memory of each goes back to this thread's small-allocation
        // cache and the next spans are built in it, where freeing 512 at once overflows that
        // cache and sends every later allocation down malloc's slow path (0.87–0.92 of the CPU
        // per span in two benchmark runs, within noise in a third). Two per span ended drains
        // exports faster than spans arrive.
        let (outcome, waiter, released) = state.withLock { state in
            let released = (state.takeSpent(), state.takeSpent())
            let (outcome, waiter) = state.enqueue(span, settings, clock)
            return (outcome, waiter, released)
        }
        withExtendedLifetime(released) {}  // freed here, outside the lock
        switch outcome {
        case .queued: break
        case .queuedAndWake: waiter?.resume()
        case .full: diagnostics.increment(.spansDroppedQueueFull)
        case .shutDown: diagnostics.increment(.spansDroppedAfterShutdown)
        }
    }

    /// Returns when every span queued before the call has been exported or has failed.
    public func forceFlush() async {
        await withCheckedContinuation { continuation in
            let (ready, wake) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                if state.completed >= state.accepted || state.loopFinished { return (true, nil) }
                state.flushWaiters.append((state.accepted, continuation))
                defer { state.loopWaiter = nil }
                return (false, state.loopWaiter)
            }
            wake?.resume()
            if ready { continuation.resume() }
        }
    }

    /// Flushes, then stops the export loop and shuts the exporter down, within `timeout`;
    /// spans that end afterwards are dropped and counted.
    /// - Parameter timeout: how long it may take. A negative timeout is taken as zero, one past
    ///   an hour as an hour.
    public func shutdown(timeout: Duration) async {
        let timeout = min(max(timeout, .zero), SettingChecks.longestDuration)
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isShutDown = true
            defer { state.loopWaiter = nil }
            return state.loopWaiter
        }
        wake?.resume()
        let start = clock.now
        let drained = (try? await withDeadline(timeout, clock: clock) { [self] in await self.waitForLoopToFinish() }) != nil
        if !drained {
            diagnostics.warn("shutdown deadline (\(timeout)) passed with spans still queued or exporting")
        }
        let remaining = timeout - (clock.now - start)
        let exporter = self.exporter
        // Past the deadline the exporter is still told to stop (without waiting for it), so no
        // export outlives shutdown: a batch it still held fails and is counted.
        _ = try? await withDeadline(max(remaining, .zero), clock: clock) { await exporter.shutdown() }
    }

    // MARK: Export loop

    private enum Step {
        case export([[FinishedSpan]])
        case wait(until: Duration?)
        case stop
    }

    /// The loop's pending timer. It is kept across waits while its deadline is still ahead and
    /// no later than the one needed (firing early only makes the loop look again), so a loop
    /// that waits for each batch to fill does not start and cancel a timer task per batch.
    private struct LoopTimer {
        var task: Task<Void, Never>?
        var deadline: Duration?
    }

    private func runExportLoop() async {
        var timer = LoopTimer()
        while true {
            switch nextStep() {
            case .export(var batches):
                // In place: the loop owns the batches alone, so no span's fields are copied. Each
                // processor over every span, rather than every processor per span: a processor
                // (an existential) is then copied once per pass, not once per span, and each span
                // still sees the processors in their order.
                for processor in attributeProcessors {
                    for batch in batches.indices {
                        for index in batches[batch].indices { processor.process(&batches[batch][index]) }
                    }
                }
                // Each batch as it is, handed over rather than shared: a copy would retain and
                // release every span once more.
                batches.reverse()
                while let batch = batches.popLast() { await export(batch) }
            case .wait(let deadline):
                await waitForWork(until: deadline, timer: &timer)
            case .stop:
                timer.task?.cancel()
                finishLoop()
                return
            }
        }
    }

    private func nextStep() -> Step {
        state.withLock { state in
            guard state.queuedCount > 0 else { return state.isShutDown ? .stop : .wait(until: nil) }
            let flushRequested = state.flushWaiters.contains { $0.target > state.completed + state.inFlight }
            let batchDue = state.oldestArrival.map { $0 + settings.scheduleDelay <= clock.now } ?? false
            guard state.queuedCount >= settings.maxExportBatchSize || flushRequested || batchDue || state.isShutDown else {
                return .wait(until: state.oldestArrival.map { $0 + settings.scheduleDelay })
            }
            // Take everything queued in O(1) so producers never wait on a copy.
            var taken: [[FinishedSpan]] = []
            swap(&taken, &state.batches)
            state.oldestArrival = nil
            state.inFlight += state.queuedCount
            state.queuedCount = 0
            return .export(taken)
        }
    }

    /// Sleeps until `onEnd`, a flush or shutdown wakes the loop, or the deadline passes.
    private func waitForWork(until deadline: Duration?, timer: inout LoopTimer) async {
        let clock = self.clock
        if let deadline, !(timer.deadline.map { $0 <= deadline && $0 > clock.now } ?? false) {
            timer.task?.cancel()
            timer.task = Task { [self] in
                try? await clock.sleep(until: deadline)
                wakeLoop()
            }
            timer.deadline = deadline
        }
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state -> Bool in
                // A timer that fired before the waiter was stored found nothing to wake: a passed
                // deadline counts as work.
                let hasUrgentWork = state.isShutDown
                    || deadline.map { $0 <= clock.now } ?? false
                    || state.queuedCount >= settings.maxExportBatchSize
                    || (state.queuedCount > 0 && deadline == nil)
                    || (state.queuedCount > 0 && state.flushWaiters.contains { $0.target > state.completed + state.inFlight })
                if hasUrgentWork { return true }
                state.loopWaiter = continuation
                return false
            }
            if proceed { continuation.resume() }
        }
    }

    private func wakeLoop() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.loopWaiter = nil }
            return state.loopWaiter
        }
        waiter?.resume()
    }

    private func export(_ spans: [FinishedSpan]) async {
        let deadline = ContinuousClock.now.advanced(by: settings.exportTimeout)
        let batch = SpanBatch(resource: resource, spans: spans, deadline: deadline)
        let exporter = self.exporter
        do {
            // The exporter gets the deadline as an instant of real time (what a network request
            // is bounded by); the guard below measures the same timeout on the processor's clock.
            try await withDeadline(settings.exportTimeout, clock: clock) { try await exporter.export(batch) }
            diagnostics.increment(.spansExported, by: spans.count)
        } catch {
            diagnostics.increment(.exportFailures)
            diagnostics.increment(.spansFailedExport, by: spans.count)
            diagnostics.warnOnce("export-failure", "export of \(spans.count) spans failed: \(error) (further failures are counted in diagnostics, not printed)")
        }
        var excess: [[FinishedSpan]] = []
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            // Producers release these (see `onEnd`), up to two batches' worth.
            excess = state.keepSpent(batch.spans, limit: 2 * settings.maxExportBatchSize)
            state.inFlight -= spans.count
            state.completed += spans.count
            let completed = state.completed
            let ready = state.flushWaiters.filter { $0.target <= completed }.map(\.continuation)
            state.flushWaiters.removeAll { $0.target <= completed }
            return ready
        }
        excess.removeAll()  // before the waiters resume: a flush returns with them released
        for waiter in ready { waiter.resume() }
    }

    private func finishLoop() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.loopFinished = true
            state.spent = []
            defer { state.flushWaiters = [] }
            return state.flushWaiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume() }
        loopDone.withLock { continuation in
            continuation?.resume()
            continuation = nil
        }
    }

    private func waitForLoopToFinish() async {
        await withCheckedContinuation { continuation in
            let finished = state.withLock { $0.loopFinished }
            if finished { return continuation.resume() }
            let stored = loopDone.withLock { slot -> Bool in
                // Re-check under the second lock: the loop may have finished in between.
                if state.withLock({ $0.loopFinished }) { return false }
                slot = continuation
                return true
            }
            if !stored { continuation.resume() }
        }
    }
}
