import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SightlineCollector

/// A collector server in this process, on a free loopback port with a fresh database.
struct InProcessCollector: Sendable {
    let store: TraceStore
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` against a fresh collector and stops it afterwards, whatever happens.
    static func with<Result>(apiKey: String? = nil, _ body: (InProcessCollector) async throws -> Result) async throws -> Result {
        let directory = try TemporaryDirectory()
        let store = try TraceStore(path: directory.path("collector.db"))
        // Stopping by cancellation logs an error per open connection; keep that out of the output.
        var logger = Logger(label: "sightline.reliability")
        logger.logLevel = .critical
        let server = CollectorServer(configuration: .init(port: 0, apiKey: apiKey), store: store, logger: logger)
        let running = Task { try await server.run() }
        defer { running.cancel() }
        let collector = InProcessCollector(store: store, port: try await server.boundPort())
        let result = try await body(collector)
        running.cancel()
        _ = await running.result
        withExtendedLifetime(directory) {}
        return result
    }

    /// Sends one request; returns the status and the body.
    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [],
              body: [UInt8]? = nil) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Array(bytes.readableBytesView))
    }
}
