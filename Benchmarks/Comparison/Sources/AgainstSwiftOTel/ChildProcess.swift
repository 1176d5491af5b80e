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
    /// error passes through. A child whose resident memory passes `residentLimitMegabytes` is
    /// killed (the machine is shared: a runaway child must not wake the kernel's OOM killer).
    static func run(_ arguments: [String], environment extra: [String: String] = [:],
                    residentLimitMegabytes: Int? = nil) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let watchdog = residentLimitMegabytes.map { Watchdog(pid: process.processIdentifier, limitMegabytes: $0) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if let stop = watchdog?.finish() { throw stop }
        guard process.terminationStatus == 0 else {
            throw ChildFailure(arguments: arguments, status: process.terminationStatus)
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Kills a child whose resident set grows past a limit.
    private final class Watchdog: @unchecked Sendable {
        private let state = NSLock()
        private var stopped: ChildStopped?
        private var running = true

        init(pid: Int32, limitMegabytes: Int) {
            let start = Date()
            Thread.detachNewThread { [self] in
                while isRunning {
                    if let resident = Self.residentMegabytes(pid), resident > limitMegabytes {
                        kill(pid, SIGKILL)
                        stop(ChildStopped(residentMegabytes: resident, seconds: Date().timeIntervalSince(start)))
                        return
                    }
                    usleep(50_000)
                }
            }
        }

        private var isRunning: Bool { state.withLock { running && stopped == nil } }
        private func stop(_ reason: ChildStopped) { state.withLock { stopped = reason } }

        func finish() -> ChildStopped? {
            state.withLock {
                running = false
                return stopped
            }
        }

        static func residentMegabytes(_ pid: Int32) -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                  let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
            return kilobytes / 1024
        }
    }

    /// The child was killed because its resident memory passed the limit.
    struct ChildStopped: Error, CustomStringConvertible {
        let residentMegabytes: Int
        let seconds: Double
        var description: String { "killed at \(residentMegabytes) MB resident after \(Int(seconds)) s" }
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
