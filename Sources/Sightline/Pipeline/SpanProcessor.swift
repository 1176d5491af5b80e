/// A stage that sees spans start and end. `onStart` and `onEnd` run on the caller's thread:
/// they must not block.
public protocol SpanProcessor: Sendable {
    /// Set true to receive ``onStart(_:)``; false (the default) keeps span starts cheaper.
    var wantsOnStart: Bool { get }
    /// Called on the caller's thread when a recorded span starts, if ``wantsOnStart`` is true.
    /// - Parameter span: the live span.
    func onStart(_ span: Span)
    /// Called on the caller's thread when a recorded span ends.
    /// - Parameter span: the span as it ended.
    func onEnd(_ span: FinishedSpan)
    /// Returns when every span ended before the call has been exported (or has failed).
    func forceFlush() async
    /// Flushes, then releases resources. Must return within `timeout`.
    /// - Parameter timeout: how long it may take.
    func shutdown(timeout: Duration) async
}

extension SpanProcessor {
    /// False: most processors only look at spans that ended.
    public var wantsOnStart: Bool { false }
    /// Does nothing.
    /// - Parameter span: the live span, unused.
    public func onStart(_ span: Span) {}
}

/// Rewrites a finished span before export; the conventions are attribute processors.
/// Runs on the export loop, not on the thread that ended the span.
public protocol AttributeProcessor: Sendable {
    /// Rewrites the span in place.
    /// - Parameter span: the span about to be exported.
    func process(_ span: inout FinishedSpan)
}
