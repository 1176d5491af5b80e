#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where warnings go when the SDK has no warning handler, worded as the core words its own.
enum StandardError {
    @Sendable static func warn(_ message: String) {
        fputs("sightline: warning: \(message)\n", stderr)
    }
}
