import Sightline

/// A span this span points to (OTLP `Span.Link`): a batch it took its work from, the request it
/// retries, a span of another trace.
public struct CollectedLink: Sendable, Hashable, Codable {
    /// The linked span's trace id (32 hex digits).
    public var traceId: String
    /// The linked span's id (16 hex digits).
    public var spanId: String
    /// What the link carried, as received.
    public var attributes: [String: JSONValue]

    /// Makes a link.
    /// - Parameters:
    ///   - traceId: the linked span's trace id (32 hex digits).
    ///   - spanId: the linked span's id (16 hex digits).
    ///   - attributes: what the link carried, as received.
    public init(traceId: String, spanId: String, attributes: [String: JSONValue] = [:]) {
        self.traceId = traceId
        self.spanId = spanId
        self.attributes = attributes
    }

    /// As a ``CompactValue`` stores it: `[trace id, span id, attributes]`.
    package var storedValue: JSONValue {
        [.string(traceId), .string(spanId), .object(attributes)]
    }

    /// Read back from ``storedValue``'s form; nil for anything else.
    init?(stored value: JSONValue) {
        guard case .array(let parts) = value, parts.count == 3, case .string(let traceId) = parts[0],
              case .string(let spanId) = parts[1], case .object(let attributes) = parts[2] else { return nil }
        self.init(traceId: traceId, spanId: spanId, attributes: attributes)
    }
}
