import Sightline
import SightlineOTLP

// Ten spans in one trace, exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT, default
// http://localhost:4318), then flushed before the process exits.
OTLPExporter.register()
var configuration = Configuration.fromEnvironment(serviceName: "build-time-app")
configuration.exporter = .otlp(OTLPSettings())
let sightline = try Sightline.bootstrap(configuration)

Sightline.withTrace("request") { _ in
    for index in 0..<10 {
        Sightline.withSpan("operation") { span in
            span.setAttribute("index", index)
        }
    }
}
await sightline.shutdown(timeout: .seconds(5))
