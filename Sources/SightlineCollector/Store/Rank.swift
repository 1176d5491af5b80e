import Sightline

/// The precedence of a candidate value, as ``MergeRank`` defines it, kept in the form that is
/// cheapest to compare: a span's rank as its parts, so that no string is built per span, and a
/// rank read back from the database or a patch's as its text. Both forms order exactly as the
/// text does under SQLite's BINARY collation (byte by byte), which the `trace_metadata` upsert
/// compares; the text is built only when a rank is written.
enum Rank: Sendable, Equatable {
    /// A span's rank: root first, then `time` (its end time, or the complement of its start
    /// time), then its span id's bytes.
    case span(isRoot: Bool, time: UInt64, spanId: String)
    /// A rank as stored.
    case text(String)

    /// Below every other rank (the stored text of a trace's initial name rank).
    static let lowest = Rank.text("")

    /// Identity fields and custom metadata: root first, then the latest-ending span.
    static func latestEnding(_ span: CollectedSpan) -> Rank {
        .span(isRoot: span.isRoot, time: span.endTime.nanosecondsSinceEpoch, spanId: span.spanId)
    }

    /// How a trace began (its name): root first, then the earliest-starting span.
    static func earliestStarting(_ span: CollectedSpan) -> Rank {
        .span(isRoot: span.isRoot, time: UInt64.max - span.startTime.nanosecondsSinceEpoch, spanId: span.spanId)
    }

    /// The stored text (see ``MergeRank``).
    var text: String {
        switch self {
        case .text(let text): return text
        case .span(let isRoot, let time, let spanId): return MergeRank.span(isRoot: isRoot, time: time, spanId: spanId)
        }
    }

    /// Whether `self` ranks strictly above `other`.
    func outranks(_ other: Rank) -> Bool {
        switch (self, other) {
        case (.span(let root, let time, let id), .span(let otherRoot, let otherTime, let otherId)):
            if root != otherRoot { return root }
            if time != otherTime { return time > otherTime }
            return Self.compare(id, otherId) > 0
        case (.span, .text(let otherText)) where otherText.isEmpty:
            return true
        default:
            return Self.compare(text, other.text) > 0
        }
    }

    static func == (left: Rank, right: Rank) -> Bool {
        if case .span(let root, let time, let id) = left, case .span(let otherRoot, let otherTime, let otherId) = right {
            return root == otherRoot && time == otherTime && id.utf8.elementsEqual(otherId.utf8)
        }
        return left.text.utf8.elementsEqual(right.text.utf8)
    }

    /// Byte-wise comparison of the UTF-8 forms (SQLite's BINARY collation): <0, 0 or >0.
    private static func compare(_ left: String, _ right: String) -> Int {
        var leftBytes = left.utf8.makeIterator()
        var rightBytes = right.utf8.makeIterator()
        while true {
            switch (leftBytes.next(), rightBytes.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let a?, let b?): if a != b { return a < b ? -1 : 1 }
            }
        }
    }
}

/// A value and the ``Rank`` that put it there.
struct RankedValue<Value: Hashable & Sendable>: Equatable, Sendable {
    var value: Value
    var rank: Rank

    /// Takes `value` when `rank` is higher than the current one (or there is none).
    static func best(_ current: RankedValue?, _ value: Value?, rank: Rank) -> RankedValue? {
        guard let value else { return current }
        guard let current, !rank.outranks(current.rank) else { return RankedValue(value: value, rank: rank) }
        return current
    }
}
