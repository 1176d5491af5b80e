#if canImport(Glibc)
import Glibc
#endif

/// Whole-process readings: every thread counts, so work an SDK moves to a background thread
/// is charged to it just like work on the caller's thread.
enum ProcessMeasures {
    /// User + system CPU time of all threads so far.
    static func cpuNanoseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e9
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e3
    }

    /// CPU time of the calling thread so far.
    static func threadCPUNanoseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
    }

    /// The largest resident set the process has had.
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    private typealias Reader = @convention(c) () -> Int64

    private static func reader(_ symbol: String) -> Reader? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), symbol) else { return nil }
        return unsafeBitCast(address, to: Reader.self)
    }

    private static let allocationCalls = reader("allocation_counter_calls")

    /// Allocation calls made by every thread so far; nil unless `libAllocationCounter.so` was
    /// preloaded (the timed run never preloads it).
    static func allocations() -> Int64? {
        allocationCalls?()
    }
}

extension Duration {
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
