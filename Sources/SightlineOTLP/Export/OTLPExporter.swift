import Sightline

/// Connects the OTLP/HTTP exporter of this module to the core SDK.
///
/// The core `Sightline` module does not depend on this one, so `ExporterChoice.otlp(_:)` needs
/// an exporter factory to be registered before the SDK starts; without one it warns and prints
/// to the console. The presets (`Configuration.langWatch(apiKey:endpoint:serviceName:)`
/// and the others) register it themselves.
///
/// ```swift
/// import Sightline
/// import SightlineOTLP
///
/// OTLPExporter.register()
/// let sightline = try Sightline.bootstrap(.fromEnvironment(serviceName: "chat-service"))
/// ```
public enum OTLPExporter {
    /// Makes `ExporterChoice.otlp(settings)` export with an ``OTLPHTTPExporter`` built from
    /// those settings and the default ``OTLPRetryPolicy``. Call it before the SDK is created;
    /// calling it again changes nothing.
    public static func register() {
        ExporterRegistry.registerOTLP { settings in try OTLPHTTPExporter(settings: settings) }
    }
}
