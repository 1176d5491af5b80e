/// The precedence of one candidate value for a trace-level field, as text that sorts in
/// precedence order, so the store keeps whichever candidate sorts highest.
///
/// Taking the maximum over a total order does not depend on the order the candidates arrive
/// in: the same spans in any batches, in any order, give the same trace values.
///
/// - A post-hoc patch beats every span; a later patch beats an earlier one.
/// - Among spans, the root beats the others; then, for identity and metadata, the span that
///   ended last; ties fall to the span id.
enum MergeRank {
    /// Identity fields and custom metadata: root first, then the latest-ending span.
    static func latestEnding(isRoot: Bool, endTime: UInt64, spanId: String) -> String {
        span(isRoot: isRoot, time: endTime, spanId: spanId)
    }

    /// Fields that describe how a trace began (its name): root first, then the earliest-starting span.
    static func earliestStarting(isRoot: Bool, startTime: UInt64, spanId: String) -> String {
        span(isRoot: isRoot, time: UInt64.max - startTime, spanId: spanId)
    }

    /// A span's rank: "a", the root flag, `time` in 20 digits, the span id.
    static func span(isRoot: Bool, time: UInt64, spanId: String) -> String {
        var text = "a" + (isRoot ? "1" : "0")
        text.reserveCapacity(22 + spanId.utf8.count)
        text += digits(time)
        text += spanId
        return text
    }

    /// A patch, by the sequence number the store gave it when it was applied.
    static func patch(sequence: Int64) -> String {
        "b" + digits(UInt64(max(sequence, 0)))
    }

    /// 20 digits, zero-padded: every UInt64 in an order that sorts as text.
    private static func digits(_ value: UInt64) -> String {
        let text = String(value)
        return String(repeating: "0", count: 20 - text.utf8.count) + text
    }
}
