import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Sightline
import SightlineCollector

/// `sightline serve`: the collector, until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive OTLP/HTTP and LangWatch REST traces and store them in SQLite or ClickHouse.",
        discussion: """
            Point any OTLP/HTTP exporter at it (OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318). \
            Routes: POST /v1/traces, POST /api/collector, POST /v1/traces/metadata, \
            PATCH /api/traces/{id}/metadata, POST /v1/tag, and the JSON queries under GET /api/. \
            The web viewer is at / on the same port.
            """)

    @Option(help: "The address to listen on; loopback unless you mean to accept traces from other machines.")
    var host: String = "127.0.0.1"
    @Option(help: "The port to listen on (4318 is OTLP/HTTP's).") var port: Int = 4318
    @Option(help: "Require this key on every request (Authorization: Bearer or X-Auth-Token). Default: $SIGHTLINE_API_KEY.")
    var apiKey: String?
    @Option(help: "The largest request body accepted, in bytes (at most 1 GiB).") var maxBodySize: Int = 16 << 20
    @Option(help: "Seconds a connection may send nothing (idle, or within a request's head or body) before it is closed.")
    var idleTimeout: Int = 30
    @Option(help: "Seconds a request may take to arrive whole once its head has; a trickled body is cut off there.")
    var requestTimeout: Int = 60
    @Option(help: "The most connections held open at once (and always fewer than the open-file limit allows).")
    var maxConnections: Int = 4096
    @Option(help: "Seconds SIGTERM or SIGINT leaves requests in flight to finish before the process stops (1 to 3600).")
    var gracePeriod: Int = 10
    @Option(help: "ClickHouse store only: days spans, traces and patches are kept (a TTL on the tables, 1 to 36500). Default: kept for good.")
    var retentionDays: Int?
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be from 1 to 3600 seconds") }
        guard (1...3600).contains(requestTimeout) else { throw ValidationError("--request-timeout must be from 1 to 3600 seconds") }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be from 1 to 1000000") }
        guard (1...3600).contains(gracePeriod) else { throw ValidationError("--grace-period must be from 1 to 3600 seconds") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let retentionDays, !(1...36_500).contains(retentionDays) {
            throw ValidationError("--retention-days must be from 1 to 36500")
        }
        let largest = CollectorServer.Configuration.largestBodySize
        guard (1...largest).contains(maxBodySize) else {
            throw ValidationError("--max-body-size must be from 1 to \(largest) bytes")
        }
    }

    func run() async throws {
        let key = apiKey ?? ProcessInfo.processInfo.environment["SIGHTLINE_API_KEY"]
        let serverConfiguration = CollectorServer.Configuration(
            host: host, port: port, apiKey: key, maximumBodySize: maxBodySize, idleTimeout: .seconds(idleTimeout),
            requestReadTimeout: .seconds(requestTimeout), maximumConnections: maxConnections)
        // Checked before the store is opened, so that a collector that cannot start creates no
        // database file.
        do { try await serverConfiguration.checkAddress() } catch { throw Self.failure(error) }
        // Costs missing from spans are computed from the shipped prices and SIGHTLINE_MODEL_PRICES.
        let (prices, priceWarnings) = ModelPrices.fromEnvironment()
        for warning in priceWarnings { FileHandle.standardError.write(Data("sightline: warning: \(warning)\n".utf8)) }
        let store = try database.openStore(readOnly: false, modelPrices: prices,
                                           retention: retentionDays.map { .seconds(86_400 * $0) })
        let server = CollectorServer(configuration: serverConfiguration, store: store)
        let logger = Logger(label: "sightline.serve")
        // Shut down in reverse order: the deadline starts its clock first, then the server stops
        // taking requests and finishes those in flight, and is cancelled at half the grace period
        // (closing its connections and the database takes the rest).
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: server),
                       .init(service: ShutdownDeadline(gracePeriod: .seconds(gracePeriod)), successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .milliseconds(gracePeriod * 500)
        let group = ServiceGroup(configuration: configuration)
        async let serving: Void = group.run()
        let boundPort: Int
        do { boundPort = try await server.boundPort() } catch let error as CollectorServerError { throw Self.failure(error) }
        // Written unbuffered: print() holds it back when standard output is a pipe, and a
        // supervisor or script waiting for this line would not see it.
        FileHandle.standardOutput.write(Data(("sightline: listening on http://\(host):\(boundPort), storing into \(database.description)"
                                              + (key?.isEmpty == false ? " (API key required)" : "") + "\n").utf8))
        FileHandle.standardOutput.write(Data("sightline: open the viewer at \(ViewerAddress.url(host: host, port: boundPort))\n".utf8))
        try await serving
        print("sightline: stopped")
    }

    /// Why the collector cannot start, with what to do about a port in use.
    static func failure(_ error: CollectorServerError) -> CommandFailure {
        guard case .addressInUse(_, let port) = error else { return CommandFailure("\(error)") }
        let other = port < 65_535 ? port + 1 : port - 1
        return CommandFailure("\(error) (is another sightline serve running?); "
                              + "choose another port with --port, for example --port \(other)")
    }
}
