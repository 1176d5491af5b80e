import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An OTLP/HTTP endpoint on 127.0.0.1 that counts the spans in every request and answers each
/// with 200 and an empty `application/x-protobuf` body (a valid, fully successful
/// `ExportTraceServiceResponse`, which both SDKs accept).
final class SpanCountingReceiver: Sendable {
    final class Counters: Sendable {
        let requests = Atomic<Int>(0)
        let spans = Atomic<Int>(0)
        let bodyBytes = Atomic<Int>(0)
        let malformedRequests = Atomic<Int>(0)
    }

    let counters = Counters()
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel

    init() async throws {
        let counters = self.counters
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(counters: counters))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    var tracesURL: String { "http://127.0.0.1:\(channel.localAddress?.port ?? 0)/v1/traces" }

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private let counters: Counters
        private var body = ByteBuffer()

        init(counters: Counters) { self.counters = counters }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head:
                body.clear()
            case .body(var part):
                body.writeBuffer(&part)
            case .end:
                counters.requests.wrappingAdd(1, ordering: .relaxed)
                counters.bodyBytes.wrappingAdd(body.readableBytes, ordering: .relaxed)
                if let spans = body.withUnsafeReadableBytes({ OTLPSpanCount.spans(in: $0) }) {
                    counters.spans.wrappingAdd(spans, ordering: .relaxed)
                } else {
                    counters.malformedRequests.wrappingAdd(1, ordering: .relaxed)
                }
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: "application/x-protobuf")
                headers.add(name: "Content-Length", value: "0")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
