import Foundation

/// The seed of a randomised test: `SIGHTLINE_TEST_SEED` when set, to replay a run, else a fresh
/// one. Put it (its description) in every expectation's comment, so that a failure says how to repeat it.
public struct TestSeed: CustomStringConvertible, Sendable {
    /// The seed to give a ``SeededGenerator``.
    public let value: UInt64

    /// `SIGHTLINE_TEST_SEED`, or a fresh random seed when it is not set.
    public init() {
        let given = ProcessInfo.processInfo.environment["SIGHTLINE_TEST_SEED"].flatMap { UInt64($0) }
        value = given ?? UInt64.random(in: .min ... .max)
    }

    public var description: String { "seed \(value) (replay: SIGHTLINE_TEST_SEED=\(value) swift test --filter <this test>)" }
}
