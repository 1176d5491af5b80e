import Dispatch

/// Runs the store's calls, which block their thread for a transaction and its disk sync, on
/// threads of their own: the Swift concurrency pool that serves requests has one thread per
/// core, and a blocked one would hold up every other request.
struct StoreAccess: Sendable {
    let store: TraceStore

    private static let queue = DispatchQueue(label: "sightline.collector.store", attributes: .concurrent)

    func run<Result: Sendable>(_ work: @escaping @Sendable (TraceStore) throws -> Result) async throws -> Result {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            Self.queue.async {
                continuation.resume(with: Swift.Result { try work(store) })
            }
        }
    }
}
