/// A deterministic generator (SplitMix64), so that a randomised test can be replayed from its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, by remainder: the same sequence for a seed on every platform and
    /// toolchain, which `Int.random(in:using:)` does not promise.
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// One of `values`, picked with ``below(_:)``.
    public mutating func pick<Value>(_ values: [Value]) -> Value {
        values[below(values.count)]
    }
}
