import CProtobufC
import COTLP

/// The binary forms of the two small messages an OTLP/HTTP server answers with:
/// `ExportTraceServiceResponse` (after a request it took) and `google.rpc.Status` (after one it
/// refused). The collector writes them and the exporter reads them, with the same codec as the
/// request: the packer in `otlp_trace_pack.c` writes, protobuf-c's generated `unpack` reads.
package enum ProtobufReplies {
    /// An `ExportTraceServiceResponse`: empty when nothing was rejected and there is no
    /// message, else with its `partial_success` (`rejected_spans`, `error_message`).
    package static func traceResponse(rejectedSpans: Int64, errorMessage: String) -> [UInt8] {
        withUTF8(errorMessage) { message in
            packed(size: sightline_otlp_trace_response_size(rejectedSpans, message.count)) { buffer in
                sightline_otlp_trace_response_pack(rejectedSpans, message.baseAddress, message.count, buffer)
            }
        }
    }

    /// A `google.rpc.Status` with a gRPC status `code` and a `message`.
    package static func status(code: Int32, message: String) -> [UInt8] {
        withUTF8(message) { message in
            packed(size: sightline_rpc_status_size(code, message.count)) { buffer in
                sightline_rpc_status_pack(code, message.baseAddress, message.count, buffer)
            }
        }
    }

    /// The `partial_success` of an `ExportTraceServiceResponse`: nil when `bytes` are not
    /// one, (0, "") when it has none.
    package static func partialSuccess(inResponse bytes: [UInt8]) -> (rejectedSpans: Int64, errorMessage: String)? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let response = opentelemetry__proto__collector__trace__v1__export_trace_service_response__unpack(
                nil, buffer.count, buffer.baseAddress)
            else { return nil }
            defer { opentelemetry__proto__collector__trace__v1__export_trace_service_response__free_unpacked(response, nil) }
            guard let partial = response.pointee.partial_success else { return (0, "") }
            return (partial.pointee.rejected_spans, text(partial.pointee.error_message))
        }
    }

    /// The `message` of a `google.rpc.Status`, nil when `bytes` are not one.
    ///
    /// protobuf-c has no generated code for `google.rpc.Status`; its fields 1 (`code`, a
    /// varint) and 2 (`message`, length-delimited) have the numbers and wire types of
    /// `ExportTracePartialSuccess`'s `rejected_spans` and `error_message`, so the status is
    /// unpacked as one (its `details`, field 3, land among the unknown fields).
    package static func statusMessage(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let status = opentelemetry__proto__collector__trace__v1__export_trace_partial_success__unpack(
                nil, buffer.count, buffer.baseAddress)
            else { return nil }
            defer { opentelemetry__proto__collector__trace__v1__export_trace_partial_success__free_unpacked(status, nil) }
            return text(status.pointee.error_message)
        }
    }

    /// `bytes` as text, invalid UTF-8 repaired.
    private static func text(_ bytes: ProtobufCBinaryData) -> String {
        guard bytes.len > 0, let data = bytes.data else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: bytes.len), as: UTF8.self)
    }

    /// The `size` bytes `pack` writes. An empty message (the reply to a request taken whole) is
    /// `[]` without calling `pack`: an array made with a capacity of zero is the runtime's one
    /// shared empty array, and initializing it writes its count, a write to a global that every
    /// thread shares (which ThreadSanitizer reports, rightly, as a race).
    private static func packed(size: Int, _ pack: (UnsafeMutablePointer<UInt8>?) -> Int) -> [UInt8] {
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in count = pack(buffer.baseAddress) }
    }

    private static func withUTF8<Result>(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var string = string
        return string.withUTF8(body)
    }
}
