import AsyncHTTPClient
import Foundation
import NIOCore
import SightlineTesting

/// The real `sightline serve` binary, run as a child process on a loopback port.
final class CollectorProcess: Sendable {
    let port: Int
    let databasePath: String
    private let process: Process
    private let output: ProcessOutput

    /// Starts `sightline serve` on a free port, as ``start(port:databasePath:extraArguments:openFileLimit:)``
    /// does. A parallel test can take the port between the pick and the bind: then it tries another.
    static func start(databasePath: String, extraArguments: [String] = [],
                      openFileLimit: Int? = nil) async throws -> CollectorProcess {
        var attempt = 1
        while true {
            do {
                return try await start(port: try await freePort(), databasePath: databasePath,
                                       extraArguments: extraArguments, openFileLimit: openFileLimit)
            } catch CollectorProcessError.portTaken where attempt < 5 {
                attempt += 1
            }
        }
    }

    /// Starts `sightline serve --port port --db databasePath` (host left at its default) and
    /// waits until it answers HTTP and has said it listens (an answer alone could come from
    /// another process on the port). With `openFileLimit`, it runs under that limit on open
    /// files, soft and hard (set by a shell that then execs it, so the process id is the same).
    static func start(port: Int, databasePath: String, extraArguments: [String] = [],
                      openFileLimit: Int? = nil) async throws -> CollectorProcess {
        let arguments = ["serve", "--port", "\(port)", "--db", databasePath] + extraArguments
        let process = try SightlineExecutable.process(arguments)
        if let openFileLimit {
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", try SightlineExecutable.url.path] + arguments
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
        }
        let output = ProcessOutput(capturing: process)
        try process.run()
        let collector = CollectorProcess(port: port, databasePath: databasePath, process: process, output: output)
        let answers = try await waitUntil(.seconds(30), every: .milliseconds(50)) {
            guard process.isRunning else {
                let text = collector.output.text
                throw text.contains("already in use") ? CollectorProcessError.portTaken(text) : CollectorProcessError.exited(text)
            }
            guard collector.printed.contains("listening on ") else { return false }
            return (try? await collector.get("/api/users").status) != nil
        }
        guard answers else {
            collector.kill()
            throw CollectorProcessError.didNotStart(collector.output.text)
        }
        return collector
    }

    private init(port: Int, databasePath: String, process: Process, output: ProcessOutput) {
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
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10 * Int64(testTimeScale)))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(body.readableBytesView))
    }

    func post(_ path: String, contentType: String, body: [UInt8]) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10 * Int64(testTimeScale)))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}

enum CollectorProcessError: Error, CustomStringConvertible {
    case exited(String)
    case portTaken(String)
    case didNotStart(String)

    var description: String {
        switch self {
        case .exited(let output): return "sightline serve exited at start: \(output)"
        case .portTaken(let output): return "sightline serve found its port taken: \(output)"
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
