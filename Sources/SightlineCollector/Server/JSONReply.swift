import Hummingbird
import Sightline

/// A 2xx reply whose body is a value as JSON.
enum JSONReply {
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let json: JSONValue
        do {
            json = try JSONValue(encoding: value)
        } catch {
            // Encoding a reply of plain values cannot fail; if it did, its text is no caller's business.
            throw CollectorHTTPError.internalError("the reply could not be written as JSON")
        }
        var writer = JSONWriter()
        writer.value(json, style: .canonical)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }
}
