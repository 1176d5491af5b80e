/// Why ``OTLPJSONDecoder`` rejected its input: what is wrong, where in the request, and at
/// which byte of the input it was found.
public struct OTLPJSONDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem the decoder reports.
    public enum Reason: Sendable, Hashable {
        /// The input is longer than the decoder's ``OTLPJSONDecoder/maximumInputSize``.
        case tooLarge(byteCount: Int, limit: Int)
        /// The text is not JSON; `detail` says what was found where.
        case invalidJSON(String)
        /// Objects and arrays nest deeper than the decoder's ``OTLPJSONDecoder/maximumNestingDepth``.
        case nestingTooDeep(limit: Int)
        /// The decoded request would take more memory than the decoder's ``OTLPJSONDecoder/memoryLimit``.
        case memoryLimitExceeded(limit: Int)
        /// A field holds the wrong kind of JSON value, such as an object where a string belongs.
        case wrongType(expected: String, found: String)
        /// A value of the right kind that the field cannot take: an id that is not hex digits
        /// of the right length, an integer out of range, text that is not base64, two kinds
        /// set in one attribute value.
        case invalidValue(String)
    }

    /// What is wrong.
    public var reason: Reason
    /// Where in the request, such as `resourceSpans[0].scopeSpans[1].spans[4].traceId`;
    /// empty when the problem is the document as a whole.
    public var path: String
    /// The offset, in bytes from the start of the input, where the problem was found.
    public var offset: Int

    /// An error with the reason, the path in the request and the byte offset.
    ///
    /// - Parameters:
    ///   - reason: what is wrong.
    ///   - path: where in the request, such as `resourceSpans[0].scopeSpans[0].spans[2].name`;
    ///     empty for the document as a whole.
    ///   - offset: the byte offset in the input where the problem was found.
    public init(reason: Reason, path: String = "", offset: Int) {
        self.reason = reason
        self.path = path
        self.offset = offset
    }

    /// A sentence for logs and error replies: where, then what, such as
    /// `invalid OTLP/JSON request at resourceSpans[0].scopeSpans[0].spans[0].traceId (byte 97): …`.
    public var description: String {
        let location = path.isEmpty ? "at byte \(offset)" : "at \(path) (byte \(offset))"
        return "invalid OTLP/JSON request \(location): \(reasonDescription)"
    }

    private var reasonDescription: String {
        switch reason {
        case .tooLarge(let byteCount, let limit):
            return "the input has \(byteCount) bytes, more than the limit of \(limit)"
        case .invalidJSON(let detail):
            return "not valid JSON: \(detail)"
        case .nestingTooDeep(let limit):
            return "objects and arrays nested deeper than \(limit) levels"
        case .memoryLimitExceeded(let limit):
            return "decoding needs more than the memory limit of \(limit) bytes"
        case .wrongType(let expected, let found):
            return "expected \(expected), found \(found)"
        case .invalidValue(let detail):
            return detail
        }
    }

    /// The same error, located inside the member `key` of an object.
    func inside(member key: String) -> OTLPJSONDecodingError {
        var located = self
        located.path = path.isEmpty || path.hasPrefix("[") ? key + path : key + "." + path
        return located
    }

    /// The same error, located inside element `index` of an array.
    func inside(element index: Int) -> OTLPJSONDecodingError {
        var located = self
        located.path = path.isEmpty || path.hasPrefix("[") ? "[\(index)]" + path : "[\(index)]." + path
        return located
    }
}
