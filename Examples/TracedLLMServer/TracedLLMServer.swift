import AsyncHTTPClient
import Hummingbird
import Logging
import ServiceLifecycle
import Sightline
import SightlineOTLP
import SightlineTracing
import Tracing

/// The example's wiring: the SDK, the tracer, logging, the server and its lifecycle.
enum TracedLLMServer {
    static func run(_ options: ExampleOptions) async throws {
        OTLPExporter.register()
        var configuration = Configuration.fromEnvironment(serviceName: "traced-llm-server")
        if case .console = configuration.exporter, !options.exporterChosenByEnvironment {
            configuration.exporter = .otlp(OTLPSettings())
        }
        let sightline = try Sightline.bootstrap(configuration)
        // Library spans (Hummingbird, async-http-client) go through Sightline, and log lines
        // carry the ids of the span they were written in.
        InstrumentationSystem.bootstrap(SightlineTracer(sightline))
        LoggingSystem.bootstrap(StreamLogHandler.standardError, metadataProvider: .sightline)
        let logger = Logger(label: "traced-llm-server")

        // Made after the bootstrap, so it picks up the tracer and injects `traceparent`.
        let llmClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let boundPort = BoundPort()
        let application = Application(
            router: makeRouter(llmClient: llmClient, llmPort: boundPort, logger: logger),
            configuration: .init(address: .hostname("127.0.0.1", port: options.port)),
            onServerRunning: { channel in boundPort.set(channel.localAddress?.port ?? options.port) },
            logger: logger)
        // Sightline first: the group stops services in reverse order, so the server finishes its
        // requests (and ends their spans) before Sightline exports what is queued.
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: SightlineService(sightline)), .init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))

        if options.serve {
            try await services.run()
            try await llmClient.shutdown()
        } else {
            let answer = try await withThrowingTaskGroup(of: ChatAnswer?.self) { tasks in
                tasks.addTask {
                    // A server that cannot start releases the question waiting for its port.
                    defer { boundPort.close() }
                    try await services.run()
                    return nil
                }
                tasks.addTask {
                    let answer = try await askOnce(port: try await boundPort.value, question: "What is a span?")
                    await services.triggerGracefulShutdown()
                    return answer
                }
                var answer: ChatAnswer?
                for try await result in tasks where result != nil { answer = result }
                return answer!
            }
            try await llmClient.shutdown()
            printToStandardError("answer: \(answer.answer)")
            print(answer.traceId)
        }
    }
}
