import Sightline

/// The rule for text the collector looks up exactly: trace and span ids, user, thread and
/// customer ids, labels and metadata keys hold no control character (U+0000 to U+001F, U+007F).
///
/// Such text would be stored whole but searched for cut short (SQLite's C interface ends text
/// at a NUL), so a user id `"a\u0000b"` would be listed as `a` and found by no query. It is
/// refused instead, with a reason that names the field and the character.
public enum IdentifierText {
    /// Why `text` cannot be `what` (a field name such as "user id"); nil when it can.
    /// - Parameters:
    ///   - text: the value.
    ///   - what: the field's name, for the reason.
    public static func problem(_ text: String, as what: String) -> String? {
        // The common case, no control character, in one pass over the bytes in place.
        let clean = text.utf8.withContiguousStorageIfAvailable { !$0.contains(where: isControl) }
            ?? !text.utf8.contains(where: isControl)
        guard !clean else { return nil }
        for (offset, byte) in text.utf8.enumerated() where isControl(byte) {
            let code = String(byte, radix: 16, uppercase: true)
            return "\(what) holds the control character U+\(String(repeating: "0", count: 4 - code.count))\(code) at byte \(offset): "
                + "ids, labels and metadata keys cannot hold control characters"
        }
        return nil
    }

    /// The first problem among the values of `span` that are looked up exactly; nil when none.
    /// - Parameter span: a span about to be stored.
    public static func problem(in span: CollectedSpan) -> String? {
        problem(span.traceId, as: "the trace id") ?? problem(span.spanId, as: "the span id")
            ?? span.parentSpanId.flatMap { problem($0, as: "the parent span id") }
            ?? problem(userId: span.userId, threadId: span.threadId, customerId: span.customerId, labels: span.labels,
                       keys: span.metadata.keys)
    }

    /// The first problem among the values `filter` looks up: its ids, label, metadata keys,
    /// evaluation names and the text values it matches exactly.
    /// - Parameter filter: a query's filter.
    public static func problem(in filter: TraceFilter) -> String? {
        if let problem = problem(userId: filter.userId, threadId: filter.threadId, customerId: filter.customerId,
                                 labels: filter.label.map { [$0] }, keys: filter.metadata.map(\.key)) {
            return problem
        }
        for condition in filter.metadata {
            if case .string(let text) = condition.value, let problem = problem(text, as: "a metadata value") { return problem }
        }
        for condition in filter.evaluations {
            if let problem = problem(condition.name, as: "an evaluation name") { return problem }
            if case .label(let label) = condition.value, let problem = problem(label, as: "an evaluation label") { return problem }
        }
        return nil
    }

    /// The first problem among the identity fields, labels and metadata keys given.
    static func problem(userId: String?, threadId: String?, customerId: String?, labels: [String]?,
                        keys: some Sequence<String>) -> String? {
        if let problem = userId.flatMap({ problem($0, as: "the user id") }) { return problem }
        if let problem = threadId.flatMap({ problem($0, as: "the thread id") }) { return problem }
        if let problem = customerId.flatMap({ problem($0, as: "the customer id") }) { return problem }
        for label in labels ?? [] {
            if let problem = problem(label, as: "a label") { return problem }
        }
        for key in keys {
            if let problem = problem(key, as: "a metadata key") { return problem }
        }
        return nil
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F
    }
}
