import Foundation
import SightlineTesting
import Testing

/// Connections that stay open without sending are closed, and a flood of them cannot take
/// every file descriptor: the server holds connections below its open-file limit, so it still
/// answers, and it does not spin while connections wait. About 1,100 idle connections once
/// exhausted 1,024 descriptors for good, and the event loop spun at 100% on failing accepts.
@Suite("Connection limits", .timeLimit(.minutes(1)))
struct ConnectionLimitTests {
    @Test func idleHalfSentAndStalledConnectionsAreClosed() async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"),
                                                         extraArguments: ["--idle-timeout", "1"])
        defer { collector.kill() }
        let requests = [
            "keep-alive after a reply": "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n",
            "head cut short": "GET /api/users HTTP/1.1\r\nHost: x\r\n",
            "body stopped at 10 of 1,000 bytes":
                "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"resource",
            "nothing sent": "",
        ]
        var open: [(String, RawConnection)] = []
        for (name, request) in requests {
            let connection = try #require(RawConnection(port: collector.port))
            connection.send(request)
            open.append((name, connection))
        }
        defer { for (_, connection) in open { connection.close() } }
        // Stretched under a sanitizer (SIGHTLINE_TEST_TIME_SCALE), within the suite's time limit.
        let wait = Int32(min(5_000 * testTimeScale, 20_000))
        for (name, connection) in open {
            #expect(connection.isClosedByServer(within: wait), "\(name): still open \(wait) ms after an idle timeout of 1 s")
        }
    }

    @Test func aTrickledBodyIsCutOffAtTheRequestTimeout() async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"),
                                                         extraArguments: ["--idle-timeout", "1", "--request-timeout", "2"])
        defer { collector.kill() }
        let connection = try #require(RawConnection(port: collector.port))
        defer { connection.close() }
        connection.send("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
        let start = ContinuousClock.now
        var closed = false
        let bound = 4 * Double(min(testTimeScale, 5))
        // A byte every 300 ms: never idle for the idle timeout, so only the request timeout ends it.
        while !closed, seconds(from: start) < bound + 2 {
            closed = !connection.send("x") || connection.isClosedByServer(within: 300)
        }
        let seconds = seconds(from: start)
        #expect(closed, "a body trickled for \(bound + 2) s is still being read")
        #expect(seconds < bound, "closed after \(seconds) s; the request timeout is 2 s")
    }

    @Test func aFloodOfIdleConnectionsLeavesTheServerAnsweringWithoutSpinning() async throws {
        let directory = try TemporaryDirectory()
        // 256 descriptors, soft and hard: the server keeps at most 128 connections.
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"),
                                                         extraArguments: ["--idle-timeout", "1"], openFileLimit: 256)
        defer { collector.kill() }
        var flood: [RawConnection] = []
        for _ in 0..<300 {
            guard let connection = RawConnection(port: collector.port) else { break }
            flood.append(connection)
        }
        defer { for connection in flood { connection.close() } }
        #expect(flood.count == 300)

        let cpuBefore = try collector.cpuSeconds
        let start = ContinuousClock.now
        let reply = try await collector.get("/api/users")
        #expect(reply.status == 200)
        // Idle connections are closed after 1 s, a batch at a time: the request waits for a few batches at most.
        let waited = seconds(from: start)
        #expect(waited < 8 * Double(testTimeScale), "answered after \(waited) s")
        try await Task.sleep(for: .seconds(1))
        let cpu = try collector.cpuSeconds - cpuBefore
        let elapsed = seconds(from: start)
        #expect(cpu / elapsed < 0.5, "the server used \(cpu) s of CPU in \(elapsed) s")
        #expect(collector.isRunning)
    }
}
