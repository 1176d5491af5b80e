#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the few libc calls the core needs, so no file imports Foundation.
enum Platform {
    /// Wall-clock time in nanoseconds since the Unix epoch (vDSO call on Linux: no syscall).
    @inline(__always)
    static func wallClockNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func environmentValue(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }

    static func writeToStandardError(_ text: String) {
        fputs(text, stderr)
    }

    static func writeToStandardOutput(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }
}
