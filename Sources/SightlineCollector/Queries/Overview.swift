import Sightline

/// Activity over a time range, for the viewer's overview charts: totals per interval and the
/// latency of each model's calls.
public struct Overview: Sendable, Hashable, Codable {
    /// Totals over the traces that started in one interval.
    public struct Interval: Sendable, Hashable, Codable {
        /// When the interval starts.
        public var start: Timestamp
        /// Traces that started in it.
        public var traces: Int
        /// Traces with at least one failed span.
        public var errors: Int
        /// Input and output tokens.
        public var tokens: Int
        /// Their cost in US dollars (what is known of it).
        public var cost: Double

        /// Makes an interval.
        /// - Parameters:
        ///   - start: when the interval starts.
        ///   - traces: traces that started in it.
        ///   - errors: traces with at least one failed span.
        ///   - tokens: input and output tokens.
        ///   - cost: their cost in US dollars (what is known of it).
        public init(start: Timestamp, traces: Int = 0, errors: Int = 0, tokens: Int = 0, cost: Double = 0) {
            self.start = start
            self.traces = traces
            self.errors = errors
            self.tokens = tokens
            self.cost = cost
        }
    }

    /// How long one model's LLM spans took, and how long the streamed ones took to their first token.
    public struct ModelLatency: Sendable, Hashable, Codable {
        /// The model's name.
        public var model: String
        /// The spans measured.
        public var calls: Int
        /// The median duration.
        public var p50Nanoseconds: UInt64
        /// The 95th percentile of the durations.
        public var p95Nanoseconds: UInt64
        /// The spans that streamed and reported their first token.
        public var streamedCalls: Int
        /// Time to first token over those; nil when none streamed.
        public var timeToFirstTokenP50Nanoseconds: UInt64?
        /// The 95th percentile of the time to first token; nil when none streamed.
        public var timeToFirstTokenP95Nanoseconds: UInt64?

        /// Makes a model's latency figures.
        /// - Parameters:
        ///   - model: the model's name.
        ///   - calls: the spans measured.
        ///   - p50Nanoseconds: the median duration.
        ///   - p95Nanoseconds: the 95th percentile of the durations.
        ///   - streamedCalls: the spans that streamed and reported their first token.
        ///   - timeToFirstTokenP50Nanoseconds: time to first token over those.
        ///   - timeToFirstTokenP95Nanoseconds: the 95th percentile of the time to first token.
        public init(model: String, calls: Int, p50Nanoseconds: UInt64, p95Nanoseconds: UInt64, streamedCalls: Int = 0,
                    timeToFirstTokenP50Nanoseconds: UInt64? = nil, timeToFirstTokenP95Nanoseconds: UInt64? = nil) {
            self.model = model
            self.calls = calls
            self.p50Nanoseconds = p50Nanoseconds
            self.p95Nanoseconds = p95Nanoseconds
            self.streamedCalls = streamedCalls
            self.timeToFirstTokenP50Nanoseconds = timeToFirstTokenP50Nanoseconds
            self.timeToFirstTokenP95Nanoseconds = timeToFirstTokenP95Nanoseconds
        }
    }

    /// The range's start.
    public var from: Timestamp
    /// The range's end.
    public var to: Timestamp
    /// Each interval's length.
    public var intervalNanoseconds: UInt64
    /// Every interval from `from` to `to`, empty ones included, oldest first.
    public var intervals: [Interval]
    /// By model name.
    public var latency: [ModelLatency]

    /// Makes an overview from its parts.
    /// - Parameters:
    ///   - from: the range's start.
    ///   - to: the range's end.
    ///   - intervalNanoseconds: each interval's length.
    ///   - intervals: every interval from `from` to `to`, empty ones included, oldest first.
    ///   - latency: by model name.
    public init(from: Timestamp, to: Timestamp, intervalNanoseconds: UInt64, intervals: [Interval], latency: [ModelLatency]) {
        self.from = from
        self.to = to
        self.intervalNanoseconds = intervalNanoseconds
        self.intervals = intervals
        self.latency = latency
    }
}
