import CompressNIO
import Hummingbird
import NIOCore

/// The two encodings of OTLP/HTTP.
enum OTLPEncoding: Sendable, Hashable {
    case protobuf, json

    /// The encoding a `Content-Type` names (parameters such as `charset` ignored); nil for any other type.
    init?(contentType: String?) {
        switch mediaType(of: contentType) {
        case "application/x-protobuf", "application/protobuf": self = .protobuf
        case "application/json": self = .json
        default: return nil
        }
    }

    var contentType: String {
        switch self {
        case .protobuf: return "application/x-protobuf"
        case .json: return "application/json"
        }
    }
}

/// A `Content-Type` reduced to its lowercased `type/subtype`; empty when absent.
func mediaType(of contentType: String?) -> String {
    guard let contentType else { return "" }
    let name = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    return name.trimmingWhitespace().lowercased()
}

/// Reads a request body within the size limit, gunzipping it when `Content-Encoding: gzip`
/// says so. Refuses a body over the limit before reading it when `Content-Length` says so,
/// and stops reading as soon as it passes the limit otherwise; the limit holds for the
/// decompressed body too, so a small gzip bomb cannot blow up in memory.
struct RequestBodyReader: Sendable {
    let maximumSize: Int

    /// The most memory one body may take once decoded, as the decoders estimate it: four times
    /// the body limit (at least 4 MiB). With the body itself and its copies, a request's peak
    /// memory stays within a small multiple of the body limit (see RELIABILITY.md).
    var decodingMemoryLimit: Int { 4 * max(maximumSize, 1 << 20) }

    /// The whole body, decompressed.
    ///
    /// - Throws: ``CollectorHTTPError``: 413 over the limit, 415 for an encoding other than
    ///   gzip or identity, 400 for a gzip body that is corrupt.
    func read(_ request: Request) async throws -> ByteBuffer {
        let encoding = request.headers[.contentEncoding].map { $0.trimmingWhitespace().lowercased() } ?? ""
        let isGzip: Bool
        switch encoding {
        case "", "identity": isGzip = false
        case "gzip", "x-gzip": isGzip = true
        default:
            throw CollectorHTTPError(status: .unsupportedMediaType,
                                     message: "Content-Encoding '\(encoding)' is not supported: send the body as is or gzipped")
        }
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumSize {
            throw tooLarge("the body has \(declared) bytes")
        }
        var body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maximumSize)
        } catch is NIOTooManyBytesError {
            throw tooLarge("the body is larger")
        }
        guard isGzip else { return body }
        let decompressed: ByteBuffer
        do {
            // One byte past the limit tells a body at the limit from a body over it.
            decompressed = try body.decompress(with: .gzip(), maxSize: maximumSize + 1)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw tooLarge("the body is larger once decompressed")
        } catch {
            throw CollectorHTTPError.badRequest("the body is not valid gzip: \(error)")
        }
        guard decompressed.readableBytes <= maximumSize else { throw tooLarge("the body is larger once decompressed") }
        return decompressed
    }

    private func tooLarge(_ detail: String) -> CollectorHTTPError {
        CollectorHTTPError(status: .contentTooLarge,
                           message: "\(detail) than the limit of \(maximumSize) bytes: send smaller batches")
    }
}
