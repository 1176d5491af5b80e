import NIOCore
import NIOPosix

extension CollectorServer.Configuration {
    /// Listens on ``host`` and ``port`` and lets go at once, with the socket options the server
    /// uses, to learn whether ``CollectorServer/run()`` could listen there before anything is
    /// created for it (the store's database file, say). Port 0 always can.
    ///
    /// Another program can still take the port between this check and the server's start; the
    /// server then fails with the same error.
    ///
    /// - Throws: ``CollectorServerError/addressInUse(host:port:)`` when another socket listens
    ///   there, ``CollectorServerError/cannotListen(host:port:reason:)`` for any other reason.
    public func checkAddress() async throws(CollectorServerError) {
        do {
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            try? await channel.close().get()
        } catch {
            throw CollectorServerError.listening(error, host: host, port: port)
        }
    }
}
