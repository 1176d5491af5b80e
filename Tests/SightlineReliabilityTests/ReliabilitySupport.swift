import Sightline
import SightlineOTLP
import SightlineTesting

/// Helpers shared by the reliability tests.
enum Reliability {
    /// A retry policy that keeps trying quickly: an outage of a few seconds stays inside one export.
    static let quickRetries = OTLPRetryPolicy(maximumAttempts: 10_000, initialBackoff: .milliseconds(20),
                                              maximumBackoff: .milliseconds(100))

    /// An SDK exporting through `exporter`, with no convention processors (spans go out as recorded).
    static func sdk(exporter: OTLPHTTPExporter, batch: BatchSpanProcessor.Settings, limits: SpanLimits = SpanLimits(),
                    warnings: WarningLog = WarningLog()) -> Sightline {
        Sightline(Configuration(serviceName: "reliability", exporter: .custom(exporter), conventions: [],
                                limits: limits, batch: batch, warningHandler: { warnings.append($0) }))
    }

    /// Ends `count` spans, each in a trace of its own, and returns their ids.
    static func endSpans(_ count: Int, in sdk: Sightline, prefix: String = "span") -> [SpanID] {
        (0..<count).map { index in
            let span = sdk.startSpan("\(prefix) \(index)")
            span.setAttribute("index", index)
            span.end()
            return span.spanId
        }
    }
}

/// How many times each element occurs.
func occurrences<Element: Hashable>(_ elements: [Element]) -> [Element: Int] {
    elements.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}
