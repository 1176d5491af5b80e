import Sightline
@testable import SightlineCollector
import Testing

/// The `since` query parameter: a span back from now that reaches before the epoch is the
/// epoch. A request once trapped the server here, because `Double(now)` rounds up for some
/// `now` and the subtraction overflowed.
struct SinceParameterTests {
    // Double(1_795_330_800_123_456_896) is 128 ns above it.
    private let now = Timestamp(nanosecondsSinceEpoch: 1_795_330_800_123_456_896)

    @Test(arguments: ["36500d", "213503d", "213504d", "1e300d"])
    func furtherBackThanTheEpochIsTheEpoch(_ text: String) throws {
        #expect(try QueryRoutes.since(text, now: now) == Timestamp(nanosecondsSinceEpoch: 0))
    }

    @Test func aSpanBackIsExact() throws {
        #expect(try QueryRoutes.since("2h", now: now).nanosecondsSinceEpoch == now.nanosecondsSinceEpoch - 7_200_000_000_000)
    }
}
