import Synchronization

/// A 16-byte trace identifier, shown as 32 lowercase hex digits (W3C) or as a UUID string.
public struct TraceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The high 8 bytes, big-endian.
    public let high: UInt64
    /// The low 8 bytes, big-endian.
    public let low: UInt64

    /// The all-zero id, which W3C Trace Context treats as invalid.
    public static let invalid = TraceID(high: 0, low: 0)

    /// Makes an id from its two halves.
    /// - Parameters:
    ///   - high: the high 8 bytes, big-endian.
    ///   - low: the low 8 bytes, big-endian.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads 16 bytes, most significant first.
    /// - Parameter bytes: the id's 16 bytes; any other length gives nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses 32 hex digits (either case).
    /// - Parameter hex: the digits; anything else (a wrong length, a non-hex digit) gives nil.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 32,
              let high = HexCoding.parse(hex.utf8.prefix(16)),
              let low = HexCoding.parse(hex.utf8.dropFirst(16)) else { return nil }
        self.init(high: high, low: low)
    }

    /// Parses a UUID string (`8-4-4-4-12` hex digits, either case), the form Laminar uses.
    /// - Parameter uuidString: the UUID; any other form gives nil.
    public init?(uuidString: some StringProtocol) {
        let parts = uuidString.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.utf8.count) == [8, 4, 4, 4, 12] else { return nil }
        self.init(hex: parts.joined())
    }

    /// Random, unique within the process: SplitMix64 over an atomic counter with a random
    /// start, never the all-zero id.
    public static func random() -> TraceID {
        TraceID(high: IDGenerator.next(), low: IDGenerator.next())
    }

    /// False for the all-zero id, which W3C Trace Context treats as invalid.
    public var isValid: Bool { high != 0 || low != 0 }

    /// 32 lowercase hex digits: the W3C `traceparent` and OTLP/JSON form.
    public var hex: String { HexCoding.format(high) + HexCoding.format(low) }

    /// The same 16 bytes as a lowercase UUID string, the form Laminar's REST API takes.
    public var uuidString: String {
        let digits = Array(hex.utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, digit) in digits.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(UInt8(ascii: "-")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 16 bytes, most significant first.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// The 32 hex digits (``hex``).
    public var description: String { hex }

    /// Orders ids by their bytes, as their hex digits sort.
    public static func < (lhs: TraceID, rhs: TraceID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

/// An 8-byte span identifier, shown as 16 lowercase hex digits.
public struct SpanID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 8 bytes as a number, the first byte most significant.
    public let value: UInt64

    /// The all-zero id, which W3C Trace Context treats as invalid.
    public static let invalid = SpanID(0)

    /// Makes an id from its 8 bytes read as a big-endian number.
    /// - Parameter value: the id; zero is the invalid id.
    public init(_ value: UInt64) { self.value = value }

    /// Reads 8 bytes, most significant first.
    /// - Parameter bytes: the id's 8 bytes; any other length gives nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        self.init(bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// Parses 16 hex digits (either case).
    /// - Parameter hex: the digits; anything else gives nil.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 16, let value = HexCoding.parse(hex.utf8[...]) else { return nil }
        self.init(value)
    }

    /// Random and non-zero, unique within the process.
    public static func random() -> SpanID {
        SpanID(IDGenerator.next())
    }

    /// False for the all-zero id.
    public var isValid: Bool { value != 0 }
    /// 16 lowercase hex digits: the W3C `traceparent` and OTLP/JSON form.
    public var hex: String { HexCoding.format(value) }
    /// The 8 bytes, most significant first.
    public var bytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
    /// The 16 hex digits (``hex``).
    public var description: String { hex }
    /// Orders ids by their value.
    public static func < (lhs: SpanID, rhs: SpanID) -> Bool { lhs.value < rhs.value }
}

/// Fast id source: SplitMix64 over an atomic counter with a random start.
///
/// `SystemRandomNumberGenerator` costs a syscall per call on Linux, too slow for a span hot
/// path. SplitMix64's output is a bijection of its counter, so ids never repeat within a
/// process, and the random seed makes them unpredictable and distinct across processes.
/// Zero is skipped because W3C treats all-zero ids as invalid.
enum IDGenerator {
    private static let counter = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    @inline(__always)
    static func next() -> UInt64 {
        while true {
            let (state, _) = counter.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed)
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            if z != 0 { return z }
        }
    }
}

enum HexCoding {
    private static let digits = Array("0123456789abcdef".utf8)

    static func format(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                buffer[index] = digits[Int((value >> (60 - 4 * UInt64(index))) & 0xF)]
            }
            return 16
        }
    }

    static func parse(_ utf8: some Collection<UInt8>) -> UInt64? {
        guard utf8.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in utf8 {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
