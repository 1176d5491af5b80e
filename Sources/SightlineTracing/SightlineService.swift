import ServiceLifecycle
import Sightline

/// A swift-service-lifecycle `Service` that keeps Sightline running for the life of a server
/// and, when the server stops (graceful shutdown, such as on SIGTERM, or cancellation),
/// exports every queued span and shuts the SDK down before the process exits.
///
/// List it first in the `ServiceGroup`: the group shuts services down in reverse order, so
/// the server stops taking requests and ends its spans before Sightline flushes them.
///
/// ```swift
/// let group = ServiceGroup(services: [SightlineService(sightline), server],
///                          gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
public struct SightlineService: Service {
    /// The SDK flushed and shut down when the service stops.
    public let sightline: Sightline
    /// How long the final flush and shutdown may take (an unreachable endpoint cannot hold
    /// the process longer).
    public let shutdownTimeout: Duration

    /// Wraps the SDK for a `ServiceGroup`.
    /// - Parameters:
    ///   - sightline: the SDK to flush and shut down when the service stops.
    ///   - shutdownTimeout: how long the final flush and shutdown may take.
    public init(_ sightline: Sightline, shutdownTimeout: Duration = .seconds(10)) {
        self.sightline = sightline
        self.shutdownTimeout = shutdownTimeout
    }

    /// Returns once graceful shutdown (or cancellation) has come and the SDK has exported
    /// everything queued, or `shutdownTimeout` has passed.
    public func run() async throws {
        // Cancellation ends the wait as graceful shutdown does: either way the spans are flushed.
        try? await gracefulShutdown()
        let sightline = self.sightline
        let timeout = shutdownTimeout
        // Shut down in a task of its own, which a cancelled service group cannot cut short.
        await Task { await sightline.shutdown(timeout: timeout) }.value
    }
}
