import Foundation

/// Runs this same executable again with other arguments, for runs that must not share the
/// parent's process (RSS of one SDK, a preloaded allocator).
enum ChildProcess {
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The preloadable allocation counter built beside this executable, if it was built.
    static var allocationCounterPath: String? {
        let path = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            .appendingPathComponent("libAllocationCounter.so").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Runs the executable with `arguments`; returns its standard output lines. Its standard
    /// error passes through.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ChildFailure(arguments: arguments, status: process.terminationStatus)
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    struct ChildFailure: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        var description: String { "child run \(arguments.joined(separator: " ")) exited with \(status)" }
    }

    /// `/proc/loadavg`'s first three fields.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
