import Foundation
import SightlineCollector
import SightlineTesting
import Testing

/// `sightline serve` on a port another program listens on: it says which address and what to
/// do, exits with a failure, and leaves the disk as it found it.
@Suite("sightline serve that cannot start", .timeLimit(.minutes(1)))
struct ServeStartFailureTests {
    @Test func aPortInUseIsNamedAndNoDatabaseIsCreated() async throws {
        let occupant = try await FakeOTLPReceiver.start()
        let directory = try TemporaryDirectory()
        let database = directory.path("new.db")

        let run = try await CommandRun.sightline(["serve", "--port", "\(occupant.port)", "--db", database])
        let (status, printed) = (run.status, run.output)
        await occupant.stop()

        #expect(status != 0)
        #expect(printed.contains("127.0.0.1:\(occupant.port)"), "\(printed)")
        #expect(printed.contains("already in use") && printed.contains("--port"), "\(printed)")
        #expect(!printed.contains("errno"), "\(printed)")
        for suffix in ["", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: database + suffix), "\(database + suffix) was created")
        }
    }

    @Test func anExistingDatabaseIsLeftAsItWas() async throws {
        let occupant = try await FakeOTLPReceiver.start()
        let directory = try TemporaryDirectory()
        let database = directory.path("kept.db")
        _ = try TraceStore(path: database, readOnly: false)
        let before = try Data(contentsOf: URL(fileURLWithPath: database))

        let status = try await CommandRun.sightline(["serve", "--port", "\(occupant.port)", "--db", database]).status
        await occupant.stop()

        #expect(status != 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }
}
