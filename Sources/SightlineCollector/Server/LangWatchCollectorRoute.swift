import Hummingbird

/// `POST /api/collector`: a trace in LangWatch's REST shape (`trace_id`, `spans`, `metadata`),
/// into the store. Replies with the ``IngestSummary`` once the store committed.
struct LangWatchCollectorRoute: Sendable {
    let store: StoreAccess
    let bodyReader: RequestBodyReader

    func receive(_ request: Request) async throws -> Response {
        try requireJSON(request)
        let body = try await bodyReader.read(request)
        let spans: [CollectedSpan]
        do {
            spans = try LangWatchCollectorRequest.spans(fromJSON: body.readableBytesView,
                                                        memoryLimit: bodyReader.decodingMemoryLimit)
        } catch {
            throw CollectorHTTPError.badRequest("the body is not a LangWatch collector request: \(error)")
        }
        let summary = try await store.write("the trace could not be stored") { try $0.ingest(spans) }
        return try JSONReply.encode(summary)
    }
}

/// Throws 415 unless the request says its body is JSON.
func requireJSON(_ request: Request) throws {
    let contentType = request.headers[.contentType]
    guard mediaType(of: contentType) == "application/json" else {
        throw CollectorHTTPError(status: .unsupportedMediaType,
                                 message: "Content-Type '\(contentType ?? "")' is not JSON: send application/json")
    }
}
