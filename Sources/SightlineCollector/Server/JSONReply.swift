import Foundation
import Hummingbird

/// A 2xx reply whose body is a value as JSON.
enum JSONReply {
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // Encoding a reply of plain values cannot fail; if it did, its text is no caller's business.
            throw CollectorHTTPError.internalError("the reply could not be written as JSON")
        }
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
