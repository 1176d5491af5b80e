import Logging
import NIOCore
import NIOPosix

/// Runs the store's calls, which block their thread for a transaction and its disk sync (or a
/// ClickHouse round trip), on threads of their own: the Swift concurrency pool that serves
/// requests has one thread per core, and a blocked one would hold up every other request.
///
/// The threads are a fixed pool made for blocking work. A concurrent Dispatch queue is not:
/// on Linux it runs about one thread per core and adds more only slowly when they block, so two
/// slow ClickHouse calls on two cores held up every other store call in the process for seconds.
///
/// A failure becomes a reply that says what failed and what to do, never the store's own
/// words (SQL, file paths, library messages), which go to the log instead.
struct StoreAccess: Sendable {
    let store: any TraceStoring
    let logger: Logger

    /// Sixteen threads or four a core: enough that slow calls (a query over millions of spans,
    /// a store that is away until its timeout) leave threads for the rest.
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(16, 4 * System.coreCount))
        pool.start()
        return pool
    }()

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
            return try await Self.threads.runIfActive { try work(store) }
        } catch let error as TraceStoreError {
            throw CollectorHTTPError.badRequest("\(what): \(error)")
        } catch {
            logger.error("\(what): \(String(reflecting: error))")
            throw CollectorHTTPError.storeFailed(error, what)
        }
    }
}
