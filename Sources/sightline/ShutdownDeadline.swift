import Foundation
import ServiceLifecycle

/// Ends the process when a graceful shutdown has not finished within its grace period.
///
/// The service group cancels the server once half the grace period has passed, which closes
/// its connections; but a call into the store runs on a thread of its own and cannot be
/// cancelled, and it holds its request (and so the server) until it returns. SIGTERM must stop
/// the server all the same, so at the deadline the process exits. Nothing acknowledged is lost:
/// a reply is sent only once its batch is committed, and SQLite rolls back the rest when the
/// database is next opened.
struct ShutdownDeadline: Service {
    let gracePeriod: Duration

    func run() async throws {
        // Cancelled rather than shut down gracefully: the group is stopping at once anyway.
        guard (try? await gracefulShutdown()) != nil else { return }
        let seconds = gracePeriod.components.seconds
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(seconds))) {
            FileHandle.standardError.write(Data(
                "sightline: still stopping after the grace period of \(seconds) s; exiting with requests unfinished\n".utf8))
            exit(1)
        }
    }
}
