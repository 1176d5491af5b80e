import Logging
import Sightline

extension Logger.MetadataProvider {
    /// Adds the ids of the active span to every log line: `trace_id` (32 hex digits) and
    /// `span_id` (16 hex digits), the active span being the innermost of Sightline's spans and
    /// the library spans ``SightlineTracer`` records. Outside any span, or when the SDK is
    /// disabled, it adds nothing. In a context that only holds a remote parent (a `traceparent`
    /// read before any local span started) the ids are the caller's.
    ///
    /// ```swift
    /// LoggingSystem.bootstrap(StreamLogHandler.standardOutput, metadataProvider: .sightline)
    /// ```
    public static let sightline = sightline()

    /// ``sightline`` with other key names, for backends that expect e.g. `trace.id`.
    /// - Parameters:
    ///   - traceIdKey: the key of the trace id.
    ///   - spanIdKey: the key of the span id.
    /// - Returns: the metadata provider.
    public static func sightline(traceIdKey: String = "trace_id", spanIdKey: String = "span_id") -> Logger.MetadataProvider {
        Logger.MetadataProvider {
            guard let context = Sightline.currentContext.spanContext, context.isValid else { return [:] }
            return [traceIdKey: .string(context.traceId.hex), spanIdKey: .string(context.spanId.hex)]
        }
    }
}
