import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// The real `sightline serve` binary, run as a child process on a loopback port.
final class CollectorProcess: Sendable {
    let port: Int
    let databasePath: String
    private let process: Process
    private let output: Output

    /// The `sightline` executable SwiftPM built beside the test bundle.
    static var executable: URL {
        get throws {
            let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("sightline")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
                throw CollectorProcessError.executableNotFound(candidate.path)
            }
            return candidate
        }
    }

    /// Starts `sightline serve --port port --db databasePath` (host left at its default) and
    /// waits until it answers HTTP. With `openFileLimit`, it runs under that limit on open
    /// files, soft and hard (set by a shell that then execs it, so the process id is the same).
    static func start(port: Int, databasePath: String, extraArguments: [String] = [],
                      openFileLimit: Int? = nil) async throws -> CollectorProcess {
        let process = Process()
        let arguments = ["serve", "--port", "\(port)", "--db", databasePath] + extraArguments
        if let openFileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", try executable.path] + arguments
        } else {
            process.executableURL = try executable
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["SIGHTLINE_API_KEY"] = nil
        process.environment = environment
        let output = Output()
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { output.append(data) }
        }
        try process.run()
        let collector = CollectorProcess(port: port, databasePath: databasePath, process: process, output: output)
        let end = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < end {
            guard process.isRunning else { throw CollectorProcessError.exited(collector.output.text) }
            if (try? await collector.get("/api/users").status) != nil { return collector }
            try await Task.sleep(for: .milliseconds(50))
        }
        collector.kill()
        throw CollectorProcessError.didNotStart(collector.output.text)
    }

    /// Runs `sightline arguments` to its end (a command expected to stop by itself, such as a
    /// `serve` that cannot start): its exit status and what it printed on both outputs.
    static func run(_ arguments: [String]) async throws -> (status: Int32, printed: String) {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SIGHTLINE_API_KEY"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let printed = try await offConcurrencyPool { () -> Data in
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
    }

    private init(port: Int, databasePath: String, process: Process, output: Output) {
        self.port = port
        self.databasePath = databasePath
        self.process = process
        self.output = output
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What the process printed so far.
    var printed: String { output.text }

    /// SIGKILL: no chance to flush or close anything.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// SIGTERM, then waits for the exit (on a Dispatch thread, not the concurrency pool).
    func terminate() async throws {
        if process.isRunning { process.terminate() }
        try await waitForExit()
    }

    func waitForExit() async throws {
        let process = self.process
        try await offConcurrencyPool { process.waitUntilExit() }
    }

    var terminationReason: Process.TerminationReason { process.terminationReason }

    var isRunning: Bool { process.isRunning }

    /// A memory figure of `/proc/<pid>/status` in bytes: `VmRSS` (resident now) or `VmHWM` (the peak).
    func memory(_ field: String) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return 0 }
        return kilobytes * 1024
    }

    /// CPU time the process has used so far (user and system), in seconds, from `/proc`.
    var cpuSeconds: Double {
        get throws {
            let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
            // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
            let fields = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            return (Double(fields[11])! + Double(fields[12])!) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }

    /// Sends SIGTERM and returns at once.
    func signalTerminate() {
        if process.isRunning { process.terminate() }
    }

    func get(_ path: String) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10 * Int64(Reliability.timeScale)))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    func post(_ path: String, contentType: String, body: [UInt8]) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10 * Int64(Reliability.timeScale)))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    private final class Output: Sendable {
        private let data = Mutex(Data())
        func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
        var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
    }
}

enum CollectorProcessError: Error, CustomStringConvertible {
    case executableNotFound(String)
    case exited(String)
    case didNotStart(String)

    var description: String {
        switch self {
        case .executableNotFound(let path): return "no sightline executable at \(path): build it with the tests"
        case .exited(let output): return "sightline serve exited at start: \(output)"
        case .didNotStart(let output): return "sightline serve did not answer within 30 s: \(output)"
        }
    }
}

/// A directory removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-reliability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
