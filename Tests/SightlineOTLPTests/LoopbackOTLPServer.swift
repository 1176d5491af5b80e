import NIOCore
import NIOHTTP1
import NIOPosix
import Sightline
import Synchronization

/// A request the loopback server received, whole.
struct ReceivedRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: [UInt8]
    var arrival: ContinuousClock.Instant
    /// The wall-clock time of arrival, to measure waits against HTTP dates.
    var wallClockArrival: Timestamp
}

/// What the loopback server does with a request.
enum ScriptedReply: Sendable {
    /// Answers with this status, these headers and this body.
    case respond(HTTPResponseStatus, headers: [(String, String)] = [], body: [UInt8] = [])
    /// Never answers (the connection stays open until the server stops).
    case hang
    /// Answers with this status and a chunked body of `chunk` repeated until the client hangs up.
    case endless(HTTPResponseStatus, chunk: [UInt8])

    static let ok = ScriptedReply.respond(.ok)
}

/// A real HTTP/1.1 server on 127.0.0.1 for the exporter tests, built on SwiftNIO. Each request
/// is recorded, then answered as the `reply` closure says (given the request and its 0-based
/// index). Listens on `port`, or on a port the system picks when it is 0.
final class LoopbackOTLPServer: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let log: RequestLog

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, log: RequestLog) {
        self.port = port
        self.group = group
        self.channel = channel
        self.log = log
    }

    static func start(port: Int = 0,
                      reply: @escaping @Sendable (ReceivedRequest, Int) -> ScriptedReply = { _, _ in .ok }) async throws -> LoopbackOTLPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = RequestLog()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(log: log, reply: reply))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
            guard let boundPort = channel.localAddress?.port else { throw ServerError.noPort }
            return LoopbackOTLPServer(port: boundPort, group: group, channel: channel, log: log)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// A port that was free a moment ago: bound by a server that is stopped again at once.
    static func freePort() async throws -> Int {
        let server = try await start()
        await server.stop()
        return server.port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    var requests: [ReceivedRequest] { log.all }

    /// Closes the listener and every connection, including those of requests left hanging.
    func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    enum ServerError: Error { case noPort }
}

private final class RequestLog: Sendable {
    private let requests = Mutex<[ReceivedRequest]>([])

    /// Records `request` and returns its index.
    func append(_ request: ReceivedRequest) -> Int {
        requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    var all: [ReceivedRequest] { requests.withLock { $0 } }
}

private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: RequestLog
    private let reply: @Sendable (ReceivedRequest, Int) -> ScriptedReply
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: RequestLog, reply: @escaping @Sendable (ReceivedRequest, Int) -> ScriptedReply) {
        self.log = log
        self.reply = reply
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let request = ReceivedRequest(method: head.method, uri: head.uri, headers: head.headers, body: body,
                                          arrival: .now, wallClockArrival: .now())
            let index = log.append(request)
            switch reply(request, index) {
            case .hang:
                break
            case .respond(let status, let extraHeaders, let responseBody):
                var headers = HTTPHeaders(extraHeaders)
                headers.replaceOrAdd(name: "Content-Length", value: "\(responseBody.count)")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                              promise: nil)
                if !responseBody.isEmpty {
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: responseBody)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .endless(let status, let chunk):
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status))), promise: nil)
                writeForever(ByteBuffer(bytes: chunk), context: context)
            }
        }
    }

    /// Writes `chunk` again each time the last write went out, until a write fails (the
    /// connection closed).
    private func writeForever(_ chunk: ByteBuffer, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenSuccess {
            bound.value.handler.writeForever(chunk, context: bound.value.context)
        }
    }
}
