import Foundation
import SightlineCollector
import SightlineTesting
import Testing

/// Values from outside that do not fit what the collector computes with (a date past 2554, a
/// limit past Int64, a body limit near Int.max) are refused with the reason; nothing traps.
/// `GET /api/traces?since=2600-01-01T00:00:00Z` once stopped the server with SIGILL.
@Suite("Out-of-range input", .timeLimit(.minutes(1)))
struct OutOfRangeInputTests {
    @Test func queryParametersOutOfRangeAre400AndTheServerStaysUp() async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"))
        defer { collector.kill() }
        let refused: [(query: String, says: String)] = [
            ("since=2600-01-01T00:00:00Z", "out of range"), ("since=2554-07-22T00:00:00Z", "out of range"),
            ("since=9999-12-31T23:59:59.999Z", "out of range"), ("since=1969-12-31T23:59:59Z", "out of range"),
            ("since=1e300", "out of range"), ("since=-1", "out of range"), ("since=18446744074", "out of range"),
            ("since=nan", "out of range"), ("since=inf", "out of range"), ("since=-5m", "not a time"),
            ("since=2h%00", "not a time"), ("since=", "not a time"),
            ("limit=99999999999999999999", "limit"), ("limit=-1", "limit"), ("limit=0", "limit"), ("limit=1e3", "limit"),
            ("meta=score%3E1e999", "needs a number"), ("meta=score%3Enan", "needs a number"),
        ]
        for (query, says) in refused {
            let reply = try await collector.get("/api/traces?" + query)
            #expect(reply.status == 400, "\(query)")
            #expect(String(decoding: reply.body, as: UTF8.self).contains(says), "\(query): \(String(decoding: reply.body, as: UTF8.self))")
        }
        // The edges that are times are answered.
        for query in ["since=2554-07-21T00:00:00Z", "since=1970-01-01T00:00:00Z", "since=0", "since=1e300d", "since=18446744073",
                      "limit=10000"] {
            #expect(try await collector.get("/api/traces?" + query).status == 200, "\(query)")
        }
        #expect(try await collector.get("/api/users").status == 200)
    }

    @Test func commandLineValuesOutOfRangeAreUsageErrorsNotTraps() async throws {
        let directory = try TemporaryDirectory()
        let database = directory.path("c.db")
        // A database to query: a query command opens it read-only.
        _ = try TraceStore(path: database)
        for arguments in [["traces", "--since", "2600-01-01"], ["traces", "--since", "2600-01-01T00:00:00Z"],
                          ["traces", "--since", "1969-12-31"], ["traces", "--since", "1e400d"],
                          ["serve", "--max-body-size", "9223372036854775807"], ["serve", "--port", "70000"],
                          ["serve", "--retention-days", "0"], ["serve", "--retention-days", "9223372036854775807"]] {
            let run = try await CommandRun.sightline(arguments + ["--db", database])
            #expect(run.exitedNormally, "\(arguments) ended by a signal: \(run.output)")
            if arguments.last == "1e400d" {
                // So far back that it is the epoch: every trace.
                #expect(run.status == 0, "\(arguments): \(run.output)")
            } else {
                #expect(run.status == 64, "\(arguments): \(run.status) \(run.output)")
                #expect(run.output.contains(arguments[1]), "\(arguments): \(run.output)")
            }
        }
    }

    @Test func retentionOnTheSQLiteStoreIsRefusedWithWhatToDo() async throws {
        let directory = try TemporaryDirectory()
        let run = try await CommandRun.sightline(["serve", "--port", "0", "--retention-days", "7", "--db", directory.path("c.db")])
        #expect(run.exitedNormally && run.status != 0, "\(run.output)")
        #expect(run.output.contains("--retention-days applies to a ClickHouse store"), "\(run.output)")
    }
}
