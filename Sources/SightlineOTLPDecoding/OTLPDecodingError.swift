/// Why ``OTLPProtobufDecoder`` rejected its input.
public enum OTLPDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a valid `ExportTraceServiceRequest`.
    case malformed
    /// Decoding needed more memory than the decoder's limit allows.
    case memoryLimitExceeded(limit: Int)
    /// Messages are nested deeper than the decoder's limit (attribute values inside arrays
    /// and key-value lists inside each other).
    case nestingTooDeep(limit: Int)

    /// A sentence for logs and error replies, such as `not a valid OTLP ExportTraceServiceRequest`.
    public var description: String {
        switch self {
        case .malformed:
            return "not a valid OTLP ExportTraceServiceRequest"
        case .memoryLimitExceeded(let limit):
            return "decoding needs more than the memory limit of \(limit) bytes"
        case .nestingTooDeep(let limit):
            return "messages nested deeper than \(limit) levels"
        }
    }
}
