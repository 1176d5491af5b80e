/// A wall-clock instant with nanosecond resolution, as OTLP carries it.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanosecondsSinceEpoch: UInt64

    public init(nanosecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    /// Builds a timestamp from epoch milliseconds (the unit LangWatch's REST API uses).
    public init(millisecondsSinceEpoch: UInt64) {
        self.nanosecondsSinceEpoch = millisecondsSinceEpoch &* 1_000_000
    }

    public static func now() -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: Platform.wallClockNanoseconds())
    }

    /// The interval to `later`, zero when `later` is earlier (wall clocks may step back).
    public func nanoseconds(until later: Timestamp) -> UInt64 {
        later.nanosecondsSinceEpoch >= nanosecondsSinceEpoch ? later.nanosecondsSinceEpoch - nanosecondsSinceEpoch : 0
    }

    public var description: String { "\(nanosecondsSinceEpoch)ns" }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}
