import NIOCore
import NIOHTTP1
import Sightline
import Synchronization

/// The ``FakeOTLPReceiver``'s state, shared with its connection handlers.
final class FakeReceiverState: Sendable {
    struct State {
        var reply: FakeOTLPReceiver.Reply
        /// One-shot replies, used by the next requests in arrival order before `reply`.
        var script: [FakeOTLPReceiver.Reply] = []
        var listener: (any Channel)?
        /// Keeps the port while the receiver is not listening.
        var portHold: PortHold?
        var connections: [ObjectIdentifier: any Channel] = [:]
        var requests: [ReceivedRequest] = []
        var started = 0
    }

    let state: Mutex<State>

    init(reply: FakeOTLPReceiver.Reply, script: [FakeOTLPReceiver.Reply]) {
        state = Mutex(State(reply: reply, script: script))
    }

    /// The reply for a request whose head just arrived.
    func nextReply() -> FakeOTLPReceiver.Reply {
        state.withLock { state in
            state.started += 1
            return state.script.isEmpty ? state.reply : state.script.removeFirst()
        }
    }

    func record(_ request: ReceivedRequest) {
        state.withLock { $0.requests.append(request) }
    }
}

/// Serves one connection of a ``FakeOTLPReceiver``: reads each request whole and answers it as
/// the reply chosen when its head arrived says.
final class FakeReceiverHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: FakeReceiverState
    private var reply: FakeOTLPReceiver.Reply = .ok
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var cutOff = false

    init(shared: FakeReceiverState) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !cutOff else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            reply = shared.nextReply()
            self.head = head
            body = []
        case .body(let buffer):
            body += buffer.readableBytesView
            if reply == .closeMidBody {
                cutOff = true
                context.close(promise: nil)
            }
        case .end:
            guard let head else { return }
            shared.record(ReceivedRequest(method: head.method, uri: head.uri, headers: head.headers, body: body,
                                          arrival: .now, wallClockArrival: .now(), reply: reply))
            answer(reply, version: head.version, context: context)
        }
    }

    private func answer(_ reply: FakeOTLPReceiver.Reply, version: HTTPVersion, context: ChannelHandlerContext) {
        switch reply {
        case .respond(let status, let headers, let body):
            var headers = headers
            headers.replaceOrAdd(name: "Content-Length", value: "\(body.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
                          promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .delayed(let delay, let later):
            let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            let (seconds, attoseconds) = delay.components
            context.eventLoop.scheduleTask(in: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)) {
                bound.value.handler.answer(later, version: version, context: bound.value.context)
            }
        case .hang:
            break
        case .endless(let status, let chunk):
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status))), promise: nil)
            writeForever(ByteBuffer(bytes: chunk), context: context)
        case .closeMidBody:
            // The body ended within its first part: cut the connection before any reply.
            context.close(promise: nil)
        case .closeMidResponse:
            let head = HTTPResponseHead(version: version, status: .ok,
                                        headers: ["Content-Length": "100", "Content-Type": "application/x-protobuf"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [0x0A, 0x05])))), promise: nil)
            context.close(promise: nil)
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
