/// Where spans go.
public enum ExporterChoice: Sendable {
    /// A readable tree per trace on standard output.
    case console
    /// Nowhere: spans are not recorded at all.
    case none
    /// OTLP to an endpoint. Needs the `SightlineOTLP` module, whose `OTLPExporter.register()`
    /// (called by its presets too) registers the exporter with ``ExporterRegistry``; without
    /// it the SDK warns and falls back to the console.
    case otlp(OTLPSettings)
    /// Any exporter of yours (an ``InMemoryExporter`` in tests).
    case custom(any SpanExporter)
}
