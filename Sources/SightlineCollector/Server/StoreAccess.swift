import Logging
import NIOCore
import NIOPosix

/// Runs the store's calls, which block their thread for a transaction and its disk sync (or a
/// ClickHouse round trip), on threads of their own: the Swift concurrency pool that serves
/// requests has one thread per core, and a blocked one would hold up every other request.
///
/// Writes (spans, patches) and reads (queries) have separate pools, so that slow queries (a
/// scan of millions of spans, a ClickHouse server slow to answer) never take the threads that
/// ingest needs. Both are fixed pools made for blocking work. A concurrent Dispatch queue is
/// not: on Linux it runs about one thread per core and adds more only slowly when they block,
/// so two slow ClickHouse calls on two cores held up every other store call for seconds.
///
/// A failure becomes a reply that says what failed and what to do, never the store's own
/// words (SQL, file paths, library messages), which go to the log instead.
struct StoreAccess: Sendable {
    let store: any TraceStoring
    let logger: Logger

    /// Sixteen threads a lane, or four a core: enough that calls blocked for seconds leave
    /// threads for the rest. Idle, they cost a parked thread each. Every collector in the
    /// process shares them.
    private static let writeThreads = startedPool()
    private static let readThreads = startedPool()

    private static func startedPool() -> NIOThreadPool {
        let pool = NIOThreadPool(numberOfThreads: max(16, 4 * System.coreCount))
        pool.start()
        return pool
    }

    /// Runs `work`, which writes to the store, on the write threads.
    ///
    /// - Parameter what: what the work does, for the reply and the log ("the spans could not be
    ///   stored").
    /// - Throws: ``CollectorHTTPError``: 400 for a ``TraceStoreError`` (the request named an empty
    ///   id or exceeded a limit), 503 with `Retry-After` when the database was busy or the store
    ///   unreachable, else 500.
    func write<Result: Sendable>(_ what: String,
                                 _ work: @escaping @Sendable (any TraceStoring) throws -> Result) async throws -> Result {
        try await run(what, on: Self.writeThreads, work)
    }

    /// Runs `work`, which only reads the store, on the read threads.
    ///
    /// - Parameter what: what the work does, for the reply and the log ("the query failed").
    /// - Throws: ``CollectorHTTPError``, as ``write(_:_:)`` does.
    func read<Result: Sendable>(_ what: String,
                                _ work: @escaping @Sendable (any TraceStoring) throws -> Result) async throws -> Result {
        try await run(what, on: Self.readThreads, work)
    }

    private func run<Result: Sendable>(_ what: String, on threads: NIOThreadPool,
                                       _ work: @escaping @Sendable (any TraceStoring) throws -> Result) async throws -> Result {
        let store = self.store
        do {
            return try await threads.runIfActive { try work(store) }
        } catch let error as TraceStoreError {
            throw CollectorHTTPError.badRequest("\(what): \(error)")
        } catch {
            logger.error("\(what): \(String(reflecting: error))")
            throw CollectorHTTPError.storeFailed(error, what)
        }
    }
}
