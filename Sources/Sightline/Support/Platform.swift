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

    /// The bytes of the file at `path`, at most `limit` of them; nil when it cannot be read or
    /// is larger.
    static func readFile(_ path: String, limit: Int) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if bytes.count > limit { return nil }
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }

    static func writeToStandardError(_ text: String) {
        fputs(text, stderr)
    }

    static func writeToStandardOutput(_ text: String) {
        fputs(text, stdout)
        fflush(stdout)
    }
}
