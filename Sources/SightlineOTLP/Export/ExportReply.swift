import Sightline

/// What the endpoint said about the spans it took: OTLP's `ExportTracePartialSuccess`.
struct PartialSuccess: Sendable, Hashable {
    var rejectedSpans: Int64
    var errorMessage: String
}

/// Reads what an OTLP/HTTP endpoint answered: the partial success of a 2xx reply and the
/// message of an error reply, in binary protobuf or JSON as the reply's `Content-Type` says.
enum ExportReply {
    /// The longest server message kept, in characters.
    static let messageLimit = 1024

    /// The partial success a 2xx reply carries; nil for an empty body, for a response without
    /// `partial_success`, and for a body that is not a response at all (a 2xx is a success).
    static func partialSuccess(body: [UInt8], contentType: String?, requestWasJSON: Bool) -> PartialSuccess? {
        guard !body.isEmpty else { return nil }
        let partial: PartialSuccess?
        switch format(contentType) ?? (requestWasJSON ? .json : .protobuf) {
        case .json:
            partial = Self.jsonPartialSuccess(body)
        case .protobuf:
            partial = ProtobufReplies.partialSuccess(inResponse: body)
                .map { PartialSuccess(rejectedSpans: $0.rejectedSpans, errorMessage: $0.errorMessage) }
        case .text:
            partial = nil
        }
        guard let partial, partial.rejectedSpans != 0 || !partial.errorMessage.isEmpty else { return nil }
        return partial
    }

    /// The server's explanation in an error reply: the `message` of a `google.rpc.Status` (binary
    /// or JSON) when the body is one, else the body as text, else `reason` (the status line's phrase).
    static func errorMessage(body: [UInt8], contentType: String?, reason: String) -> String {
        guard !body.isEmpty else { return reason }
        switch format(contentType) {
        case .protobuf?:
            if let message = ProtobufReplies.statusMessage(in: body), !message.isEmpty { return clipped(message) }
        case .json?:
            if case .string(let message)? = Self.jsonObject(body)?["message"], !message.isEmpty { return clipped(message) }
        case .text?, nil:
            break
        }
        if let text = String(validating: body, as: UTF8.self) {
            let trimmed = text.trimmedWhitespace
            return trimmed.isEmpty ? reason : clipped(trimmed)
        }
        if let message = ProtobufReplies.statusMessage(in: body), !message.isEmpty { return clipped(message) }
        return "\(reason) (\(body.count) bytes of binary body)"
    }

    private enum Format { case protobuf, json, text }

    private static func format(_ contentType: String?) -> Format? {
        guard let type = contentType?.lowercased() else { return nil }
        if type.contains("protobuf") { return .protobuf }
        if type.contains("json") { return .json }
        return .text
    }

    private static func clipped(_ message: String) -> String {
        message.count <= messageLimit ? message : String(message.prefix(messageLimit)) + "…"
    }
}

extension ExportReply {
    /// The top-level object of a JSON reply body, nil when the body is not one.
    private static func jsonObject(_ body: [UInt8]) -> [String: JSONValue]? {
        guard case .object(let members)? = try? JSONValue(parsing: body, maximumDepth: 16) else { return nil }
        return members
    }

    /// The `partialSuccess` of an `ExportTraceServiceResponse` in the OTLP/JSON mapping. Field
    /// names are accepted in lowerCamelCase (what OTLP servers write) and in the proto's
    /// snake_case; `rejectedSpans`, an int64, as a string (the mapping's form) or a number.
    private static func jsonPartialSuccess(_ body: [UInt8]) -> PartialSuccess? {
        guard let response = jsonObject(body),
              case .object(let partial)? = response["partialSuccess"] ?? response["partial_success"]
        else { return nil }
        let rejected: Int64
        switch partial["rejectedSpans"] ?? partial["rejected_spans"] {
        case .string(let text)?: rejected = Int64(text) ?? 0
        case .int(let number)?: rejected = number
        case .double(let number)?: rejected = Int64(exactly: number) ?? 0
        default: rejected = 0
        }
        var message = ""
        if case .string(let text)? = partial["errorMessage"] ?? partial["error_message"] { message = text }
        return PartialSuccess(rejectedSpans: rejected, errorMessage: message)
    }
}
