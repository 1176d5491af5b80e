import Synchronization

/// Lets modules that carry heavy dependencies (like `SightlineOTLP`) provide exporters for
/// ``ExporterChoice/otlp(_:)`` without the core depending on them.
public enum ExporterRegistry {
    public typealias OTLPFactory = @Sendable (OTLPSettings) throws -> any SpanExporter

    private static let otlp = Mutex<OTLPFactory?>(nil)

    /// Installs the factory that builds OTLP exporters. `SightlineOTLP` calls this.
    public static func registerOTLP(_ factory: @escaping OTLPFactory) {
        otlp.withLock { $0 = factory }
    }

    static var otlpFactory: OTLPFactory? {
        otlp.withLock { $0 }
    }
}
