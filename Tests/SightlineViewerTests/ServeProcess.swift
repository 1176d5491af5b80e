import Foundation
import SightlineTesting

/// `sightline serve --port 0` as a child process over a database of its own; the port is read
/// from the address it prints.
final class ServeProcess: Sendable {
    let port: Int
    let databasePath: String
    /// The viewer address `serve` printed.
    let viewerURL: String
    private let process: Process

    static func start(databasePath: String, arguments: [String] = []) async throws -> ServeProcess {
        let process = try SightlineExecutable.process(["serve", "--port", "0", "--db", databasePath] + arguments)
        let printed = ProcessOutput(capturing: process)
        try process.run()
        var address: (port: Int, url: String)?
        try await waitUntil(.seconds(30), every: .milliseconds(50)) {
            let text = printed.text
            if let line = text.split(separator: "\n").first(where: { $0.contains("open the viewer at ") }),
               let url = line.split(separator: " ").last, let port = URLComponents(string: String(url))?.port {
                address = (port, String(url))
                return true
            }
            guard process.isRunning else { throw ServeProcessError("sightline serve exited: \(text)") }
            return false
        }
        guard let address else {
            process.terminate()
            throw ServeProcessError("sightline serve printed no viewer address within 30 s: \(printed.text)")
        }
        return ServeProcess(port: address.port, databasePath: databasePath, viewerURL: address.url, process: process)
    }

    private init(port: Int, databasePath: String, viewerURL: String, process: Process) {
        self.port = port
        self.databasePath = databasePath
        self.viewerURL = viewerURL
        self.process = process
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM, and waits for the exit off the concurrency pool.
    func stop() async {
        let process = self.process
        if process.isRunning { process.terminate() }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}

struct ServeProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
