#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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
            partial = (try? JSONDecoder().decode(JSONExportResponse.self, from: Data(body)))?.partialSuccess
        case .protobuf:
            partial = ProtobufFields.parse(body[...])
                .flatMap { $0.bytes(1) }
                .flatMap { ProtobufFields.parse($0) }
                .map { PartialSuccess(rejectedSpans: Int64(bitPattern: $0.varint(1) ?? 0), errorMessage: $0.string(2) ?? "") }
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
            if let message = ProtobufFields.parse(body[...])?.string(2), !message.isEmpty { return clipped(message) }
        case .json?:
            if let status = try? JSONDecoder().decode(JSONStatus.self, from: Data(body)), let message = status.message,
               !message.isEmpty {
                return clipped(message)
            }
        case .text?, nil:
            break
        }
        if let text = String(validating: body, as: UTF8.self) {
            let trimmed = text.trimmedWhitespace
            return trimmed.isEmpty ? reason : clipped(trimmed)
        }
        if let message = ProtobufFields.parse(body[...])?.string(2), !message.isEmpty { return clipped(message) }
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

/// `ExportTraceServiceResponse` in the OTLP/JSON mapping. Field names are accepted in
/// lowerCamelCase (what OTLP servers write) and in the proto's snake_case; `rejectedSpans`, an
/// int64, as a string (the mapping's form) or a number.
private struct JSONExportResponse: Decodable {
    var partialSuccess: PartialSuccess?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FlexibleKey.self)
        guard let key = container.firstKey(["partialSuccess", "partial_success"]) else { return }
        let inner = try container.nestedContainer(keyedBy: FlexibleKey.self, forKey: key)
        var rejected: Int64 = 0
        if let key = inner.firstKey(["rejectedSpans", "rejected_spans"]) {
            if let text = try? inner.decode(String.self, forKey: key) {
                rejected = Int64(text) ?? 0
            } else {
                rejected = (try? inner.decode(Int64.self, forKey: key)) ?? 0
            }
        }
        let message = inner.firstKey(["errorMessage", "error_message"]).flatMap { try? inner.decode(String.self, forKey: $0) }
        partialSuccess = PartialSuccess(rejectedSpans: rejected, errorMessage: message ?? "")
    }
}

/// `google.rpc.Status` in JSON: only the message is read.
private struct JSONStatus: Decodable {
    var message: String?
}

private struct FlexibleKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == FlexibleKey {
    fileprivate func firstKey(_ names: [String]) -> FlexibleKey? {
        names.lazy.map(FlexibleKey.init(stringValue:)).first { contains($0) }
    }
}
