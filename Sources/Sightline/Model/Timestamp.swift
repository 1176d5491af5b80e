/// A wall-clock instant with nanosecond resolution, as OTLP carries it.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var nanosecondsSinceEpoch: UInt64

    /// Makes a timestamp from epoch nanoseconds, OTLP's unit.
    /// - Parameter nanosecondsSinceEpoch: nanoseconds since the Unix epoch.
    public init(nanosecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Builds a timestamp from epoch milliseconds (the unit LangWatch's REST API uses).
    /// - Parameter millisecondsSinceEpoch: milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = millisecondsSinceEpoch &* 1_000_000
    }

    /// The instant `seconds` after the epoch, to the nanosecond; nil when it is not finite,
    /// before the epoch, or after 2554-07-21T23:34:33Z (what 64 bits of nanoseconds hold).
    /// - Parameter seconds: seconds since the Unix epoch, with a fraction.
    public init?(secondsSinceEpoch seconds: Double) {
        let nanoseconds = (seconds * 1e9).rounded(.down)
        // 0x1p64 is the first Double above UInt64.max: everything below converts exactly.
        guard nanoseconds.isFinite, nanoseconds >= 0, nanoseconds < 0x1p64 else { return nil }
        self.nanosecondsSinceEpoch = UInt64(nanoseconds)
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: Platform.wallClockNanoseconds())
    }

    /// The interval to `later`, zero when `later` is earlier (wall clocks may step back).
    /// - Parameter later: the end of the interval.
    public func nanoseconds(until later: Timestamp) -> UInt64 {
        later.nanosecondsSinceEpoch >= nanosecondsSinceEpoch ? later.nanosecondsSinceEpoch - nanosecondsSinceEpoch : 0
    }

    /// The epoch nanoseconds followed by `ns`.
    public var description: String { "\(nanosecondsSinceEpoch)ns" }

    /// Earlier instants sort first.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}
