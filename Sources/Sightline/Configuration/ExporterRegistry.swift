import Synchronization

/// Lets modules that carry heavy dependencies (like `SightlineOTLP`) provide exporters for
/// ``ExporterChoice/otlp(_:)`` without the core depending on them.
public enum ExporterRegistry {
    /// Builds an OTLP exporter from its settings; throws when it cannot start.
    public typealias OTLPFactory = @Sendable (OTLPSettings) throws -> any SpanExporter

    private static let otlp = LockedState<OTLPFactory?>(nil)

    /// Installs the factory that builds OTLP exporters. `SightlineOTLP` calls this.
    /// - Parameter factory: builds an exporter for ``ExporterChoice/otlp(_:)``; it replaces
    ///   any factory installed before.
    public static func registerOTLP(_ factory: @escaping OTLPFactory) {
        otlp.withLock { $0 = factory }
    }

    /// Replaces the registered factory for the current task and its children; `.some(nil)`
    /// acts as if none were registered. For tests, which share one process with tests that
    /// register the real exporter.
    @TaskLocal static var otlpOverride: OTLPFactory?? = nil

    static var otlpFactory: OTLPFactory? {
        if let override = otlpOverride { return override }
        return otlp.withLock { $0 }
    }
}
