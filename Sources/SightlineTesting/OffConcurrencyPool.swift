import Foundation

/// Runs blocking work (waiting on a child process) on a Dispatch thread. The concurrency pool has
/// as many threads as cores, two here: a test blocking one of them delays every other test's
/// timers and servers, and deadline tests then fail for reasons of their own.
public func offConcurrencyPool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
    }
}
