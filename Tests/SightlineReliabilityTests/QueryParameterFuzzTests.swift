import Foundation
@testable import sightline
import SightlineTesting
import Testing

/// Random hostile values for every query parameter and for `--since`, from a fixed seed so that
/// a failure repeats: the server answers each with 200 or a 400 that says why, never a 500 and
/// never by dying; the CLI's parser returns a time or nil, never traps.
@Suite("Query parameter fuzzing", .timeLimit(.minutes(1)))
struct QueryParameterFuzzTests {
    /// Pieces values are made of: numbers at and past every range, dates, units, comparisons,
    /// separators, escapes and control characters.
    static let pieces = [
        "0", "1", "-1", "9", "1e3", "1e300", "1e-300", "-0", "0.5", "nan", "inf", "-inf", "NaN", "Infinity",
        "18446744073", "18446744074", "9223372036854775807", "9223372036854775808", "99999999999999999999",
        "2554-07-21T23:34:33Z", "2554-07-22", "2600-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "0000-01-01",
        "9999-12-31T23:59:59.999999999Z", "2026-02-30", "T", "Z", "+01:00", ".", ":", "-",
        "s", "m", "h", "d", "w", "=", "==", "<", "<=", ">", ">=", "%00", "%01", "%7F", "%FF", "%", "%2",
        "%3D", "%3E", "%26", "&", "'", "\"", "\\", "%20", "é", "😀", "x", "key", "",
    ]
    static let parameters = ["since", "limit", "meta", "user", "thread", "customer", "label", "offset", "other"]

    static func value(_ random: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test func randomQueryParametersAreAnsweredWith200Or400() async throws {
        let directory = try TemporaryDirectory()
        let collector = try await CollectorProcess.start(databasePath: directory.path("c.db"))
        defer { collector.kill() }
        var random = SeededGenerator(seed: 16)
        var statuses: [Int: Int] = [:]
        for _ in 0..<600 {
            let query = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Self.parameters.randomElement(using: &random)! + "=" + Self.value(&random)
            }.joined(separator: "&")
            let path = Bool.random(using: &random) ? "/api/traces?" + query : "/api/traces/t?" + query
            let reply = try await collector.get(path)
            statuses[reply.status, default: 0] += 1
            #expect([200, 400, 404].contains(reply.status), "\(path): \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
            #expect(!String(decoding: reply.body, as: UTF8.self).localizedCaseInsensitiveContains("sql"), "\(path)")
        }
        #expect(collector.isRunning)
        // Both kinds of answer were reached: the values are not all refused at the door.
        #expect(statuses[200, default: 0] > 0 && statuses[400, default: 0] > 0, "\(statuses)")
    }

    @Test func randomSinceArgumentsParseOrAreRefused() {
        var random = SeededGenerator(seed: 61)
        var parsed = 0
        for _ in 0..<20_000 {
            let argument = Self.value(&random).removingPercentEncoding ?? ""
            if TimeBound(argument: argument) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
