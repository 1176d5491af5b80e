import Dispatch
import Logging

/// Runs the store's calls, which block their thread for a transaction and its disk sync, on
/// threads of their own: the Swift concurrency pool that serves requests has one thread per
/// core, and a blocked one would hold up every other request.
///
/// A failure becomes a reply that says what failed and what to do, never the store's own
/// words (SQL, file paths, library messages), which go to the log instead.
struct StoreAccess: Sendable {
    let store: any TraceStoring
    let logger: Logger

    private static let queue = DispatchQueue(label: "sightline.collector.store", attributes: .concurrent)

    /// Runs `work` against the store.
    ///
    /// - Parameter what: what the work does, for the reply and the log ("the spans could not be
    ///   stored", "the query failed").
    /// - Throws: ``CollectorHTTPError``: 400 for a ``TraceStoreError`` (the request named an empty
    ///   id), 503 with `Retry-After` when the database was busy or the store unreachable, else 500.
    func run<Result: Sendable>(_ what: String,
                               _ work: @escaping @Sendable (any TraceStoring) throws -> Result) async throws -> Result {
        let store = self.store
        do {
            return try await withCheckedThrowingContinuation { continuation in
                Self.queue.async {
                    continuation.resume(with: Swift.Result { try work(store) })
                }
            }
        } catch let error as TraceStoreError {
            throw CollectorHTTPError.badRequest("\(what): \(error)")
        } catch {
            logger.error("\(what): \(String(reflecting: error))")
            throw CollectorHTTPError.storeFailed(error, what)
        }
    }
}
