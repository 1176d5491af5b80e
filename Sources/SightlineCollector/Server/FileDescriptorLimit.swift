#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's limit on open files, which every connection counts against.
enum FileDescriptorLimit {
    /// Raises the soft limit to the hard limit (a process may do so without privileges) and
    /// returns the soft limit in force afterwards; nil when it cannot be read.
    static func raiseSoftLimitToHard() -> Int? {
        var limit = rlimit()
        guard getrlimit(Self.resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Self.resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)  // RLIM_INFINITY is the largest value: Int.max
    }

    /// The connections a server may hold open under `limit` descriptors: what is left after a
    /// reserve for the database, the event loops and the process's own files (an eighth of the
    /// limit, at least 128), and at least 16.
    static func connections(under limit: Int) -> Int {
        max(16, limit - max(128, limit / 8))
    }

    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif
}
