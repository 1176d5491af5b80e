import ArgumentParser
import Foundation
import Sightline

/// A `--since` value: a span of time back from now (`90s`, `30m`, `2h`, `7d`) or an ISO 8601
/// date or date-time (`2026-11-22`, `2026-11-22T07:00:00Z`) from 1970 to 2554-07-21, the
/// instants a trace's timestamps hold.
struct TimeBound: ExpressibleByArgument {
    let timestamp: Timestamp

    init?(argument: String) {
        if let unit = argument.last, let amount = Double(argument.dropLast()), amount >= 0,
           let seconds = ["s": 1.0, "m": 60, "h": 3600, "d": 86_400][String(unit)] {
            let now = Timestamp.now().nanosecondsSinceEpoch
            // Compared in Double, then clamped in integers: Double(now) may round above `now`.
            let nanoseconds = amount * seconds * 1e9
            let back = nanoseconds < Double(now) ? min(UInt64(nanoseconds), now) : now
            timestamp = Timestamp(nanosecondsSinceEpoch: now - back)
            return
        }
        let date = (try? Date(argument, strategy: .iso8601))
            ?? (try? Date(argument, strategy: Date.ISO8601FormatStyle().year().month().day()))
        // Before the epoch or after 2554-07-21 is no time a trace carries: refused, not trapped on.
        guard let date, let instant = Timestamp(secondsSinceEpoch: date.timeIntervalSince1970) else { return nil }
        timestamp = instant
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
