import Sightline

/// Reads when the first token of a streamed answer arrived, from the forms senders use:
/// the GenAI conventions' `gen_ai.response.time_to_first_chunk` (seconds after the span's
/// start), LangWatch's `langwatch.timestamps.first_token_at` (epoch milliseconds) and
/// Langfuse's `langfuse.observation.completion_start_time` (ISO 8601).
enum StreamingReading {
    /// Longest time to first token believed: a value past it is a sender's error, not a wait.
    static let longestTimeToFirstToken = 86_400.0

    static func firstTokenTime(in attributes: AttributeLookup, start: Timestamp) -> Timestamp? {
        if let seconds = attributes.number(GenAIKeys.timeToFirstChunk),
           seconds >= 0, seconds <= longestTimeToFirstToken {
            return Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch &+ UInt64(seconds * 1e9))
        }
        if case .int(let milliseconds)? = attributes.object(LangWatchKeys.timestamps)?[LangWatchKeys.Timestamps.firstTokenAt],
           milliseconds > 0, milliseconds < Int64.max / 1_000_000 {
            return Timestamp(millisecondsSinceEpoch: UInt64(milliseconds))
        }
        // Written to the millisecond: up to one before a start in the same millisecond.
        if let text = attributes.string(LangfuseKeys.completionStartTime), let time = Timestamp(iso8601: text),
           time.nanosecondsSinceEpoch &+ 1_000_000 >= start.nanosecondsSinceEpoch,
           Double(start.nanoseconds(until: time)) / 1e9 <= longestTimeToFirstToken {
            return max(time, start)
        }
        return nil
    }
}
