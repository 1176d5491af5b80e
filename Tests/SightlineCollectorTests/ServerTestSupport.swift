import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Sightline
@testable import SightlineCollector
import SightlineOTLP
import Testing

/// A collector server on a free loopback port with a fresh database, for one test.
struct RunningCollector: Sendable {
    let database: TemporaryDatabase
    let store: TraceStore
    let server: CollectorServer
    let port: Int

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// Runs `body` against a collector started on port 0, and stops the collector afterwards,
/// whatever happens.
func withCollector<Result>(apiKey: String? = nil, maximumBodySize: Int = 16 << 20,
                           _ body: (RunningCollector) async throws -> Result) async throws -> Result {
    let database = try TemporaryDatabase()
    let store = try database.store()
    let server = CollectorServer(configuration: .init(port: 0, apiKey: apiKey, maximumBodySize: maximumBodySize),
                                 store: store, logger: stoppedByCancellationLogger)
    let running = Task { try await server.run() }
    do {
        let collector = RunningCollector(database: database, store: store, server: server, port: try await server.boundPort())
        let result = try await body(collector)
        running.cancel()
        _ = await running.result
        return result
    } catch {
        running.cancel()
        _ = await running.result
        throw error
    }
}

/// The collector's routes over a fresh database, called in process through HummingbirdTesting's
/// router client: for tests of what a route answers, which need no socket. Tests of the server
/// itself (its lifecycle, connections, body streaming, real senders) use ``withCollector(apiKey:maximumBodySize:_:)``.
struct RoutedCollector: Sendable {
    let database: TemporaryDatabase
    let store: TraceStore
    let client: any TestClientProtocol

    /// Sends one request to `path` (with its query) and returns the reply, whole.
    func send(_ method: HTTPMethodName, _ path: String, headers: [(String, String)] = [],
              body: [UInt8]? = nil) async throws -> HTTPReply {
        var fields = HTTPFields()
        for (name, value) in headers {
            // `HTTPField` itself is not among what Hummingbird exports.
            fields.append(HTTPFields.Element(name: try #require(HTTPFields.Element.Name(name)), value: value))
        }
        let response = try await client.executeRequest(uri: path, method: method.routed, headers: fields,
                                                       body: body.map { ByteBuffer(bytes: $0) })
        var replyHeaders: [String: String] = [:]
        for field in response.headers { replyHeaders[field.name.canonicalName] = field.value }
        return HTTPReply(status: response.status.code, headers: replyHeaders, body: Array(response.body.readableBytesView))
    }
}

/// Runs `body` against the collector's routes over a fresh database (see ``RoutedCollector``).
func withCollectorRoutes<Result: Sendable>(apiKey: String? = nil, maximumBodySize: Int = 16 << 20,
                                           _ body: @Sendable (RoutedCollector) async throws -> Result) async throws -> Result {
    let database = try TemporaryDatabase()
    let store = try database.store()
    let routes = CollectorRoutes(store: store, apiKey: apiKey, maximumBodySize: maximumBodySize, logger: stoppedByCancellationLogger)
    let application = Application(router: routes.router(), logger: stoppedByCancellationLogger)
    return try await application.test(.router) { client in
        try await body(RoutedCollector(database: database, store: store, client: client))
    }
}

/// The tests stop servers by cancelling their task, which Hummingbird logs as an error per open
/// connection; a real failure still fails the test through its reply.
let stoppedByCancellationLogger: Logger = {
    var logger = Logger(label: "sightline.collector.test")
    logger.logLevel = .critical
    return logger
}()

/// A reply, whole.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    var json: JSONValue? { try? JSONValue(parsing: body) }

    /// The `message` of a JSON `google.rpc.Status` body.
    var message: String? {
        guard case .object(let object)? = json, case .string(let message)? = object["message"] else { return nil }
        return message
    }

    func decoded<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Data(body))
    }
}

/// Sends one request with the shared HTTP client.
func send(_ method: HTTPMethodName, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTPReply {
    var request = HTTPClientRequest(url: url)
    switch method {
    case .GET: request.method = .GET
    case .POST: request.method = .POST
    case .PATCH: request.method = .PATCH
    case .PUT: request.method = .PUT
    case .DELETE: request.method = .DELETE
    }
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 64 << 20)
    var replyHeaders: [String: String] = [:]
    for header in response.headers { replyHeaders[header.name.lowercased()] = header.value }
    return HTTPReply(status: Int(response.status.code), headers: replyHeaders, body: Array(bytes.readableBytesView))
}

/// Sends `body` in chunks with no `Content-Length`, and returns the reply's status.
func sendChunked(_ url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let chunks = stride(from: 0, to: body.count, by: 1024).map { ByteBuffer(bytes: body[$0..<min($0 + 1024, body.count)]) }
    let stream = AsyncStream<ByteBuffer> { continuation in
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish()
    }
    request.body = .stream(stream, length: .unknown)
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    _ = try await response.body.collect(upTo: 1 << 20)
    return Int(response.status.code)
}

/// The request methods the tests use, without importing NIOHTTP1 into every file.
enum HTTPMethodName: Sendable {
    case GET, POST, PATCH, PUT, DELETE

    var routed: HTTPRequest.Method {
        switch self {
        case .GET: .get
        case .POST: .post
        case .PATCH: .patch
        case .PUT: .put
        case .DELETE: .delete
        }
    }
}

/// A JSON body.
func json(_ value: JSONValue) -> [UInt8] {
    Array(value.jsonString.utf8)
}

/// A JSON body from text.
func json(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

let jsonContent = ("Content-Type", "application/json")
let protobufContent = ("Content-Type", "application/x-protobuf")

/// An SDK that exports to `collector` through the real OTLP/HTTP exporter.
func sdk(sendingTo collector: RunningCollector, conventions: [Convention], headers: [String: String] = [:],
         compression: OTLPSettings.Compression = .none,
         wireProtocol: OTLPSettings.WireProtocol = .httpProtobuf, serviceName: String = "chat-service") -> Sightline {
    OTLPExporter.register()
    let settings = OTLPSettings(endpoint: collector.baseURL, headers: headers, compression: compression,
                                wireProtocol: wireProtocol)
    return Sightline(Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: conventions,
                                   batch: .init(scheduleDelay: .milliseconds(10))))
}
