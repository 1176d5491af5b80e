import Testing
@testable import Sightline

/// ISO 8601 times, as Langfuse's completion start time carries them.
@Suite struct TimestampISO8601Tests {
    @Test(arguments: [
        (UInt64(0), "1970-01-01T00:00:00.000Z"),
        (951_782_400_123_000_000, "2000-02-29T00:00:00.123Z"),  // a leap day of a year divisible by 400
        (1_764_873_600_250_999_999, "2025-12-04T18:40:00.250Z"),  // milliseconds, not rounded up
        (4_107_542_399_999_000_000, "2100-02-28T23:59:59.999Z"),  // 2100 is not a leap year
        (4_107_542_400_000_000_000, "2100-03-01T00:00:00.000Z"),
    ])
    func writtenInUTCWithMilliseconds(nanoseconds: UInt64, expected: String) {
        let time = Timestamp(nanosecondsSinceEpoch: nanoseconds)
        #expect(time.iso8601 == expected)
        #expect(Timestamp(iso8601: expected) == Timestamp(nanosecondsSinceEpoch: nanoseconds / 1_000_000 * 1_000_000))
    }

    @Test func readsFractionsAndOffsets() {
        let instant = Timestamp(nanosecondsSinceEpoch: 1_764_873_600_123_456_789)
        #expect(Timestamp(iso8601: "2025-12-04T18:40:00.123456789Z") == instant)
        #expect(Timestamp(iso8601: "2025-12-04T19:40:00.123456789+01:00") == instant)
        #expect(Timestamp(iso8601: "2025-12-04T13:10:00.123456789-05:30") == instant)
        #expect(Timestamp(iso8601: "2025-12-04T18:40:00Z") == Timestamp(nanosecondsSinceEpoch: 1_764_873_600_000_000_000))
    }

    @Test(arguments: ["", "2025-12-04", "2025-12-04T18:40:00", "2025-02-29T00:00:00Z", "2025-13-01T00:00:00Z",
                      "2025-12-04T24:00:00Z", "2025-12-04T18:40:00.Z", "2025-12-04T18:40:00Z trailing",
                      "1969-12-31T23:59:59Z", "2025-12-04 18:40:00Z"])
    func refusesWhatIsNotAnInstantAfterTheEpoch(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }
}
