import Logging
import OTel
import ServiceLifecycle
import Tracing

// Ten spans in one trace, exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT, default
// http://localhost:4318); a graceful shutdown of the service group flushes them.
var configuration = OTel.Configuration.default
configuration.serviceName = "build-time-app"
configuration.traces.otlpExporter.protocol = .httpProtobuf
configuration.metrics.enabled = false
configuration.logs.enabled = false
let observability = try OTel.bootstrap(configuration: configuration)
let serviceGroup = ServiceGroup(services: [observability], logger: Logger(label: "build-time-app"))

try await withThrowingTaskGroup { group in
    group.addTask { try await serviceGroup.run() }
    withSpan("request") { _ in
        for index in 0..<10 {
            withSpan("operation") { span in
                span.attributes["index"] = index
            }
        }
    }
    await serviceGroup.triggerGracefulShutdown()
    try await group.waitForAll()
}
