import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1, built on SwiftNIO, standing in for an OTLP/HTTP
/// receiver: it records every request it reads in full and answers as told (``Reply``), faults
/// included.
///
/// Each request gets the next reply of ``script(_:)``, or ``reply`` once the script is used
/// up; both can change at any time. The receiver can stop listening (connections refused, open
/// ones closed) and listen again on the same port, so a test can take the endpoint down and
/// bring it back.
public final class FakeOTLPReceiver: Sendable {
    /// The port the receiver listens on (and holds while it does not).
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let shared: FakeReceiverState

    private init(port: Int, group: MultiThreadedEventLoopGroup, shared: FakeReceiverState) {
        self.port = port
        self.group = group
        self.shared = shared
    }

    /// Starts listening on `port`, or on a port the system picks when it is 0; with `listening`
    /// false, the port is picked, then refused until ``startListening()``. The first requests
    /// get the replies of `script`, the others `reply`.
    public static func start(port: Int = 0, reply: Reply = .ok, script: [Reply] = [],
                             listening: Bool = true) async throws -> FakeOTLPReceiver {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let shared = FakeReceiverState(reply: reply, script: script)
        do {
            let listener = try await bind(port: port, group: group, shared: shared)
            guard let boundPort = listener.localAddress?.port else { throw ReceiverError.noPort }
            let receiver = FakeOTLPReceiver(port: boundPort, group: group, shared: shared)
            shared.state.withLock { $0.listener = listener }
            if !listening { await receiver.stopListening() }
            return receiver
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with a receiver whose first requests get the replies of `script`, then
    /// `reply`; stops the receiver afterwards whatever happens.
    public static func with<Result>(port: Int = 0, reply: Reply = .ok, script: [Reply] = [],
                                    _ body: (FakeOTLPReceiver) async throws -> Result) async throws -> Result {
        let receiver = try await start(port: port, reply: reply, script: script)
        do {
            let result = try await body(receiver)
            await receiver.stop()
            return result
        } catch {
            await receiver.stop()
            throw error
        }
    }

    /// `http://127.0.0.1:<port>`, the endpoint to give an exporter.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What requests get once the script is used up.
    public var reply: Reply {
        get { shared.state.withLock { $0.reply } }
        set { shared.state.withLock { $0.reply = newValue } }
    }

    /// The next requests get these replies, one each, before ``reply`` applies again.
    public func script(_ replies: Reply...) {
        shared.state.withLock { $0.script += replies }
    }

    /// Requests read in full, in arrival order.
    public var requests: [ReceivedRequest] { shared.state.withLock { $0.requests } }

    /// Requests whose head arrived, including those cut off or left hanging.
    public var requestsStarted: Int { shared.state.withLock { $0.started } }

    /// Refuses new connections and closes the open ones; the port stays held (``PortHold``)
    /// until ``startListening()`` unless `holdingPort` is false.
    public func stopListening(holdingPort: Bool = true) async {
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
    public func startListening() async throws {
        shared.state.withLock { state in
            defer { state.portHold = nil }
            return state.portHold
        }?.release()
        let listener = try await Self.bind(port: port, group: group, shared: shared)
        shared.state.withLock { $0.listener = listener }
    }

    /// Closes the listener and every connection, including those of requests left hanging.
    public func stop() async {
        await stopListening(holdingPort: false)
        try? await group.shutdownGracefully()
    }

    /// The listener came up without a port (it cannot, short of a SwiftNIO fault).
    public enum ReceiverError: Error { case noPort }

    private static func bind(port: Int, group: MultiThreadedEventLoopGroup, shared: FakeReceiverState) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Small reads, so a body of a few kilobytes arrives in several parts and `closeMidBody` can cut it.
            .childChannelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 1024))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(FakeReceiverHandler(shared: shared))
                    shared.state.withLock { $0.connections[ObjectIdentifier(channel)] = channel }
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }
}

/// A port that was free a moment ago: bound by a receiver that is stopped again at once.
public func freePort() async throws -> Int {
    let receiver = try await FakeOTLPReceiver.start()
    await receiver.stop()
    return receiver.port
}
