import Foundation
import Sightline

/// How the CLI writes values for people: durations, money, token counts, times, previews.
enum Text {
    /// Cuts `text` to `width` characters, marking the cut with an ellipsis.
    static func clip(_ text: String, to width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(width - 1, 0))) + "…"
    }

    /// One line of at most `width` characters: newlines and runs of spaces collapsed.
    static func preview(_ text: String?, width: Int = 80) -> String {
        guard let text else { return "" }
        let oneLine = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return clip(oneLine, to: width)
    }

    /// Labels joined with commas within `width` characters; those that do not fit are counted
    /// instead (`production, billing +1`), so that none is left out without a trace.
    static func labels(_ labels: [String], width: Int) -> String {
        var shown = labels.count
        while shown > 0 {
            let rest = labels.count - shown
            let text = labels.prefix(shown).joined(separator: ", ") + (rest > 0 ? " +\(rest)" : "")
            if text.count <= width { return text }
            shown -= 1
        }
        // Not even the first fits: it is clipped to leave room for the count.
        guard let first = labels.first else { return "" }
        let count = labels.count > 1 ? " +\(labels.count - 1)" : ""
        return clip(first, to: width - count.count) + count
    }

    static func duration(from start: Timestamp, to end: Timestamp) -> String {
        let nanoseconds = end.nanosecondsSinceEpoch >= start.nanosecondsSinceEpoch
            ? end.nanosecondsSinceEpoch - start.nanosecondsSinceEpoch : 0
        let milliseconds = Double(nanoseconds) / 1_000_000
        if milliseconds < 1 { return "\(Int(Double(nanoseconds) / 1000)) µs" }
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        return "\(decimal(milliseconds / 1000, places: 2)) s"
    }

    /// A length of time in the largest whole unit: `1 hour`, `90 minutes`, `45 seconds`.
    static func length(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        func count(_ value: Int64, _ unit: String) -> String { "\(value) \(unit)" + (value == 1 ? "" : "s") }
        if seconds >= 3600, seconds % 3600 == 0 { return count(seconds / 3600, "hour") }
        if seconds >= 60, seconds % 60 == 0 { return count(seconds / 60, "minute") }
        return count(seconds, "second")
    }

    static func cost(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == 0 { return "$0" }
        return "$" + decimal(value, places: value < 0.01 ? 6 : 4)
    }

    /// A UTC time as `2026-11-22 07:50:12`.
    static func time(_ timestamp: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(timestamp.nanosecondsSinceEpoch) / 1e9)
        return date.ISO8601Format(.iso8601.dateSeparator(.dash).timeSeparator(.colon).dateTimeSeparator(.space)
            .year().month().day().time(includingFractionalSeconds: false))
    }

    static func decimal(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }

    /// `120→48` (input → output tokens); empty when neither is known.
    static func tokens(input: Int?, output: Int?) -> String {
        guard input != nil || output != nil else { return "" }
        return "\(input.map(String.init) ?? "?")→\(output.map(String.init) ?? "?")"
    }
}
