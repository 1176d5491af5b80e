#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`, for the package's shared state.
///
/// Not `Synchronization.Mutex`: on Linux its contended path locks through a priority-inheriting
/// futex inside the uninstrumented standard library, which ThreadSanitizer cannot see, so it
/// reports the state the mutex guards as raced (four threads incrementing a counter under
/// `Mutex.withLock` are enough). The sanitizers intercept pthread mutexes, so with this lock
/// `--sanitize=thread` checks the code, not the lock. The cost is an indirection and ~10 ns
/// more per uncontended lock than `Mutex`.
package final class LockedState<State: ~Copyable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    package init(_ state: consuming State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the state, the lock held.
    package func withLock<Result: ~Copyable, Failure: Error>(
        _ body: (inout State) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
