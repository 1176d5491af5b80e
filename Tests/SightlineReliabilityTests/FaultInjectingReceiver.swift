import NIOCore
import NIOHTTP1
import NIOPosix
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import Synchronization

/// How ``FaultInjectingReceiver`` treats a request.
enum FaultMode: Sendable, Hashable {
    /// 200 with an empty body: every span accepted.
    case accept
    /// 503, with `Retry-After` when given.
    case serviceUnavailable(retryAfter: String?)
    /// 429, with `Retry-After` when given.
    case tooManyRequests(retryAfter: String?)
    /// 200, but only after `delay`: past the exporter's deadline when the test wants a timeout.
    case slow(Duration)
    /// Never answers; the connection stays open until the receiver stops listening.
    case hang
    /// Closes the connection after the first part of the body, before the request ends.
    case resetMidBody
    /// Reads the request, then sends the reply's head and part of its body and closes.
    case resetMidResponse
    /// 400 with `message` as a plain-text body.
    case badRequest(String)
    /// 200 with an `ExportTraceServiceResponse` whose partial success rejected spans.
    case partialSuccess(rejected: Int64, message: String)
}

/// One request the receiver read in full.
struct FaultRequest: Sendable {
    var mode: FaultMode
    var spanIds: [SpanID]
}

/// An OTLP/HTTP receiver on 127.0.0.1 that fails on purpose. The mode can change at any time,
/// and the receiver can stop listening (connections refused, open ones closed) and listen again
/// on the same port, so a test can take the endpoint down and bring it back.
///
/// It decodes every whole request and records the span ids of the requests it answered with a
/// 2xx, so a test can check that each span arrived exactly once.
final class FaultInjectingReceiver: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let shared: ReceiverState

    private init(port: Int, group: MultiThreadedEventLoopGroup, shared: ReceiverState) {
        self.port = port
        self.group = group
        self.shared = shared
    }

    /// Starts listening on a port the system picks; with `listening` false, the port is picked,
    /// then refused until ``startListening()``.
    static func start(mode: FaultMode = .accept, listening: Bool = true) async throws -> FaultInjectingReceiver {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = ReceiverState(mode: mode)
        do {
            let listener = try await bind(port: 0, group: group, shared: shared)
            guard let port = listener.localAddress?.port else { throw ReceiverError.noPort }
            let receiver = FaultInjectingReceiver(port: port, group: group, shared: shared)
            shared.state.withLock { $0.listener = listener }
            if !listening { await receiver.stopListening() }
            return receiver
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// What requests get once the script is used up.
    var mode: FaultMode {
        get { shared.state.withLock { $0.mode } }
        set { shared.state.withLock { $0.mode = newValue } }
    }

    /// The next requests get these modes, one each, before ``mode`` applies again.
    func script(_ modes: FaultMode...) {
        shared.state.withLock { $0.script += modes }
    }

    /// Requests read in full, in arrival order.
    var requests: [FaultRequest] { shared.state.withLock { $0.requests } }

    /// Requests whose head arrived, including those cut off or left hanging.
    var requestsStarted: Int { shared.state.withLock { $0.started } }

    /// Span ids of every request answered with a 2xx, repeats kept.
    var acceptedSpanIds: [SpanID] {
        shared.state.withLock { state in
            state.requests.filter { $0.mode.answersSuccess }.flatMap(\.spanIds)
        }
    }

    /// Whole requests whose body was not a binary OTLP request.
    var undecodableRequests: Int { shared.state.withLock { $0.undecodable } }

    /// Refuses new connections and closes the open ones; the port stays held (``PortHold``)
    /// until ``startListening()`` unless `holdingPort` is false.
    func stopListening(holdingPort: Bool = true) async {
        let (listener, connections) = shared.state.withLock { state in
            defer {
                state.listener = nil
                state.connections = [:]
            }
            return (state.listener, Array(state.connections.values))
        }
        try? await listener?.close()
        for connection in connections { try? await connection.close() }
        let hold = holdingPort ? PortHold(port: port) : nil
        shared.state.withLock { state in
            defer { state.portHold = hold }
            return state.portHold
        }?.release()
    }

    /// Listens on ``port`` again.
    func startListening() async throws {
        shared.state.withLock { state in
            defer { state.portHold = nil }
            return state.portHold
        }?.release()
        let listener = try await Self.bind(port: port, group: group, shared: shared)
        shared.state.withLock { $0.listener = listener }
    }

    func stop() async {
        await stopListening(holdingPort: false)
        try? await group.shutdownGracefully()
    }

    enum ReceiverError: Error { case noPort }

    private static func bind(port: Int, group: MultiThreadedEventLoopGroup, shared: ReceiverState) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Small reads, so a body of a few kilobytes arrives in several parts and a reset can cut it.
            .childChannelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FaultHandler(shared: shared))
                    shared.state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }
}

/// The receiver's state, shared with its connection handlers.
private final class ReceiverState: Sendable {
    struct State {
        var mode: FaultMode
        /// One-shot modes, used by the next requests in arrival order before `mode`.
        var script: [FaultMode] = []
        var listener: (any Channel)?
        /// Keeps the port while the receiver is not listening.
        var portHold: PortHold?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var requests: [FaultRequest] = []
        var started = 0
        var undecodable = 0
    }

    let state: Mutex<State>

    init(mode: FaultMode) {
        state = Mutex(State(mode: mode))
    }

    /// The mode for a request whose head just arrived.
    func nextMode() -> FaultMode {
        state.withLock { state in
            state.started += 1
            return state.script.isEmpty ? state.mode : state.script.removeFirst()
        }
    }

    func record(_ body: [UInt8], mode: FaultMode) {
        let spanIds = (try? OTLPProtobufDecoder().decode(body))?.spans.map(\.spanId)
        state.withLock { state in
            state.requests.append(FaultRequest(mode: mode, spanIds: spanIds ?? []))
            if spanIds == nil { state.undecodable += 1 }
        }
    }
}

/// Serves one connection as the receiver's modes say.
private final class FaultHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: ReceiverState
    private var mode: FaultMode = .accept
    private var body: [UInt8] = []
    private var version: HTTPVersion = .http1_1
    private var cutOff = false

    init(shared: ReceiverState) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !cutOff else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            mode = shared.nextMode()
            version = head.version
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
            if mode == .resetMidBody {
                cutOff = true
                context.close(promise: nil)
            }
        case .end:
            shared.record(body, mode: mode)
            reply(context: context)
        }
    }

    private func reply(context: ChannelHandlerContext) {
        switch mode {
        case .accept:
            respond(.ok, context: context)
        case .serviceUnavailable(let retryAfter):
            respond(.serviceUnavailable, headers: retryAfter.map { [("Retry-After", $0)] } ?? [],
                    body: Array("overloaded".utf8), context: context)
        case .tooManyRequests(let retryAfter):
            respond(.tooManyRequests, headers: retryAfter.map { [("Retry-After", $0)] } ?? [],
                    body: Array("slow down".utf8), context: context)
        case .slow(let delay):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.components.seconds) * 1_000_000_000
                                                            + delay.components.attoseconds / 1_000_000_000)) {
                let (handler, context) = loopBound.value
                handler.respond(.ok, context: context)
            }
        case .hang:
            break
        case .resetMidBody:
            // The body ended within its first part: cut the connection before any reply.
            context.close(promise: nil)
        case .resetMidResponse:
            let head = HTTPResponseHead(version: version, status: .ok, headers: ["Content-Length": "100",
                                                                                 "Content-Type": "application/x-protobuf"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [0x0A, 0x05])))), promise: nil)
            context.close(promise: nil)
        case .badRequest(let message):
            respond(.badRequest, headers: [("Content-Type", "text/plain")], body: Array(message.utf8), context: context)
        case .partialSuccess(let rejected, let message):
            respond(.ok, headers: [("Content-Type", "application/x-protobuf")],
                    body: Self.partialSuccess(rejected: rejected, message: message), context: context)
        }
    }

    private func respond(_ status: HTTPResponseStatus, headers extra: [(String, String)] = [], body: [UInt8] = [],
                         context: ChannelHandlerContext) {
        var headers = HTTPHeaders(extra)
        headers.replaceOrAdd(name: "Content-Length", value: "\(body.count)")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// `ExportTraceServiceResponse { partial_success (1) { rejected_spans (1): int64, error_message (2): string } }`.
    static func partialSuccess(rejected: Int64, message: String) -> [UInt8] {
        let text = Array(message.utf8)
        let inner = [0x08] + varint(UInt64(bitPattern: rejected)) + [0x12] + varint(UInt64(text.count)) + text
        return [0x0A] + varint(UInt64(inner.count)) + inner
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
        return bytes
    }
}

extension FaultMode {
    /// True for the modes that answer with a 2xx once the request is read.
    var answersSuccess: Bool {
        switch self {
        case .accept, .slow, .partialSuccess: return true
        default: return false
        }
    }
}
