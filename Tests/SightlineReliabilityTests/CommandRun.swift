import Foundation
import SightlineTesting

/// One run of the `sightline` executable to its end: how it ended and what it printed.
struct CommandRun: Sendable {
    var status: Int32
    /// False when a signal ended it (a trap is SIGILL or SIGTRAP).
    var exitedNormally: Bool
    var output: String

    /// Runs `sightline arguments…` and waits for it, off the concurrency pool.
    static func sightline(_ arguments: [String]) async throws -> CommandRun {
        let process = try SightlineExecutable.process(arguments)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return try await offConcurrencyPool {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CommandRun(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                              output: String(decoding: data, as: UTF8.self))
        }
    }
}
