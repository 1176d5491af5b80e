import Logging
import ServiceLifecycle
import Sightline
import SightlineCollector
import Testing

/// Starting and stopping: as a `Service` in a `ServiceGroup` (how `sightline serve` runs it)
/// and on a port that is taken.
@Suite(.timeLimit(.minutes(1)))
struct ServerLifecycleTests {
    @Test func runsInAServiceGroupAndStopsOnGracefulShutdown() async throws {
        let database = try TemporaryDatabase()
        let server = CollectorServer(configuration: .init(port: 0), store: try database.store())
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let running = Task { try await group.run() }

        let port = try await server.boundPort()
        #expect(port > 0 && port != 4318)
        let reply = try await send(.GET, "http://127.0.0.1:\(port)/api/users")
        #expect(reply.status == 200 && reply.text == "[]")

        await group.triggerGracefulShutdown()
        try await running.value
        await #expect(throws: CollectorServerError.stopped) { try await server.boundPort() }

        // The port is free again: another server can listen on it.
        let next = CollectorServer(configuration: .init(port: port), store: try database.store())
        let nextRunning = Task { try await next.run() }
        #expect(try await next.boundPort() == port)
        nextRunning.cancel()
        _ = await nextRunning.result
    }

    @Test func aPortThatIsTakenFailsRunAndBoundPort() async throws {
        try await withCollector { collector in
            let database = try TemporaryDatabase()
            let second = CollectorServer(configuration: .init(port: collector.port), store: try database.store())
            let inUse = CollectorServerError.addressInUse(host: "127.0.0.1", port: collector.port)
            await #expect(throws: inUse) { try await second.configuration.checkAddress() }
            await #expect(throws: inUse) { try await second.run() }
            await #expect(throws: inUse) { try await second.boundPort() }
            #expect(inUse.description == "cannot listen on 127.0.0.1:\(collector.port): the address is already in use")
            // The first server is unaffected.
            #expect(try await send(.GET, collector.baseURL + "/api/users").status == 200)
        }
    }

    /// 192.0.2.1 (TEST-NET-1) is never an address of this machine: binding it fails at once.
    @Test func aFreeAddressPassesTheCheckAndAForeignAddressDoesNot() async throws {
        try await CollectorServer.Configuration(port: 0).checkAddress()
        await #expect(throws: CollectorServerError.cannotListen(host: "192.0.2.1", port: 0,
                                                               reason: "cannot assign requested address")) {
            try await CollectorServer.Configuration(host: "192.0.2.1", port: 0).checkAddress()
        }
    }
}
