import GRDB
import Hummingbird
import Sightline
import SightlineOTLP

/// A request the collector refuses: the status, and a message that says why and what to do.
///
/// The reply body is a `google.rpc.Status`, the error body OTLP/HTTP specifies: binary protobuf
/// when the request was binary OTLP, else `{"code": …, "message": "…"}`.
struct CollectorHTTPError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]
    /// Whether the body is written as binary protobuf.
    var isProtobuf = false

    static func badRequest(_ message: String) -> CollectorHTTPError {
        CollectorHTTPError(status: .badRequest, message: message)
    }

    static func notFound(_ message: String) -> CollectorHTTPError {
        CollectorHTTPError(status: .notFound, message: message)
    }

    static func internalError(_ message: String) -> CollectorHTTPError {
        CollectorHTTPError(status: .internalServerError, message: message)
    }

    /// The store failed at `what` ("the spans could not be stored"): 503 with `Retry-After`
    /// when the database was busy or locked or the store unreachable (OTLP senders retry a
    /// 503), 500 otherwise. The
    /// message names what failed, never the store's error text.
    static func storeFailed(_ error: any Error, _ what: String) -> CollectorHTTPError {
        if let error = error as? DatabaseError, [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) {
            return CollectorHTTPError(status: .serviceUnavailable, message: "\(what): the database is busy, try again",
                                      headers: [.retryAfter: "1"])
        }
        if error is TraceStoreUnavailable {
            return CollectorHTTPError(status: .serviceUnavailable, message: "\(what): the store is unavailable, try again",
                                      headers: [.retryAfter: "1"])
        }
        return internalError("\(what): an internal error; the collector's log has the details")
    }

    /// The same error, its body in the encoding of an OTLP request.
    func encoded(as encoding: OTLPEncoding) -> CollectorHTTPError {
        var copy = self
        copy.isProtobuf = encoding == .protobuf
        return copy
    }

    /// The `google.rpc.Code` that matches the HTTP status.
    private var rpcCode: Int64 {
        switch status.code {
        case 401: return 16  // UNAUTHENTICATED
        case 404: return 5  // NOT_FOUND
        case 413: return 8  // RESOURCE_EXHAUSTED
        case 503: return 14  // UNAVAILABLE
        case 500..<600: return 13  // INTERNAL
        default: return 3  // INVALID_ARGUMENT
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        let body: [UInt8]
        if isProtobuf {
            headers[.contentType] = "application/x-protobuf"
            body = ProtobufReplies.status(code: Int32(truncatingIfNeeded: rpcCode), message: message)
        } else {
            headers[.contentType] = "application/json"
            body = Array(JSONValue.object(["code": .int(rpcCode), "message": .string(message)]).jsonString.utf8)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
