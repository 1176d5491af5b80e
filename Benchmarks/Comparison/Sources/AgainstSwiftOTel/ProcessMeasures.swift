#if canImport(Glibc)
import Foundation
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

    /// The largest resident set this process image has had: `VmHWM` of /proc/self/status.
    /// Not `getrusage`'s `ru_maxrss`: Linux carries that across `exec`, so a child spawned
    /// by `posix_spawn` (which borrows the parent's memory until it execs) starts with the
    /// parent's peak.
    static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({ Double($0) })
        else { return .nan }
        return kilobytes / 1024
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
