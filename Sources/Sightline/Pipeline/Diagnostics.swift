import Synchronization

/// Counters a user can read to see what the SDK did with their spans, and the one-time
/// warnings it printed. Nothing is lost silently: every drop has a counter.
public final class Diagnostics: Sendable {
    /// What is counted.
    public enum Counter: Int, CaseIterable, Sendable {
        /// Spans started and recorded (sampled in).
        case spansStarted
        /// Recorded spans that ended.
        case spansEnded
        /// Spans an exporter accepted.
        case spansExported
        /// The sampler said drop: the span was never recorded.
        case spansSampledOut
        /// The export queue was full when the span ended.
        case spansDroppedQueueFull
        /// The span ended after `shutdown()`.
        case spansDroppedAfterShutdown
        /// The exporter failed or timed out on the batch holding the span.
        case spansFailedExport
        /// Failed export calls (one per batch).
        case exportFailures
        /// Attributes dropped by the count limits, on spans, events and links.
        case attributesDropped
        /// String values cut to the value-length limit.
        case attributeValuesTruncated
        /// Events dropped by the event limit.
        case eventsDropped
        /// Links dropped by the link limit.
        case linksDropped
        /// A setter called on a span that had ended.
        case mutationsAfterEnd
        /// `Sightline.updateTrace` called with no trace in the current context.
        case traceUpdatesOutsideTrace
        /// An LLM span reported tokens and no cost, and its model has no price: its cost stays
        /// unknown (see ``ModelPrices``).
        case costsUnknownModel
        /// Values (an input, an output, a RAG document, a custom-metadata string) in which a
        /// ``Masker`` replaced something before export.
        case valuesMasked
    }

    private let counters: [AtomicCounter]
    private let warned = LockedState<Set<String>>([])
    private let warningHandler: @Sendable (String) -> Void

    /// - Parameter warningHandler: receives each warning once; the default writes to standard error.
    public init(warningHandler: (@Sendable (String) -> Void)? = nil) {
        self.counters = Counter.allCases.map { _ in AtomicCounter() }
        self.warningHandler = warningHandler ?? { Platform.writeToStandardError("sightline: warning: \($0)\n") }
    }

    @inline(__always)
    func increment(_ counter: Counter, by amount: Int = 1) {
        counters[counter.rawValue].value.wrappingAdd(amount, ordering: .relaxed)
    }

    /// Reads one counter.
    ///
    /// ```swift
    /// if sightline.diagnostics.value(of: .spansDroppedQueueFull) > 0 { … }
    /// ```
    /// - Parameter counter: the counter.
    /// - Returns: its value since the SDK started.
    public func value(of counter: Counter) -> Int {
        counters[counter.rawValue].value.load(ordering: .relaxed)
    }

    /// All counters at once.
    public var snapshot: [Counter: Int] {
        Dictionary(uniqueKeysWithValues: Counter.allCases.map { ($0, value(of: $0)) })
    }

    /// Emits `message` through the warning handler the first time `key` is seen.
    func warnOnce(_ key: String, _ message: @autoclosure () -> String) {
        let first = warned.withLock { $0.insert(key).inserted }
        if first { warningHandler(message()) }
    }

    /// Emits `message` every time.
    func warn(_ message: String) {
        warningHandler(message)
    }
}

/// One atomic counter on the heap, so counters can live in an array indexed by ``Diagnostics/Counter``.
private final class AtomicCounter: Sendable {
    let value = Atomic<Int>(0)
}
