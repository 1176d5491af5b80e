import Hummingbird
import Sightline

/// The routes that attach signals to a trace after it ended, in the shapes of the backends
/// whose clients send them:
///
/// - `POST /v1/traces/metadata` `{"traceId": …, "metadata": {…}}` (Laminar): shallow merge;
///   labels in the metadata are added to the trace's;
/// - `PATCH /api/traces/{id}/metadata` `{"metadata": {…}}` (LangWatch): shallow merge; labels
///   in the metadata replace the trace's, as LangWatch does;
/// - `POST /v1/tag` `{"traceId": …, "names": [...]}` (Laminar): labels added;
/// - `POST /api/traces/{id}/evaluations` `{"name": …, "score": …, "label": …, "explanation": …}`
///   (Sightline's own): an evaluation added to the trace's (a name, and any of the others).
///
/// The trace id may be hex, a UUID or a REST sender's own id. Reserved metadata keys
/// (`user_id`, `thread_id`, `customer_id`, `labels`, see ``MetadataPatch/init(json:)``) set
/// those fields. The reply is 200 `{"status":"applied"}`, or 202 `{"status":"pending",
/// "heldForSeconds":3600}` when the trace has not arrived: the store keeps the patch and
/// applies it when the trace arrives within that time (see ``PatchReply``).
struct PostHocRoutes: Sendable {
    let store: StoreAccess
    let bodyReader: RequestBodyReader

    func laminarMetadata(_ request: Request) async throws -> Response {
        let object = try await jsonObject(request)
        let traceId = try Self.traceId(object["traceId"])
        let metadata = try Self.metadata(object["metadata"])
        return try await apply(traceId) { try $0.mergeMetadata(traceId: traceId, MetadataPatch(json: metadata), labels: .union) }
    }

    func langWatchMetadata(_ request: Request, traceId rawId: String?) async throws -> Response {
        let traceId = try Self.traceId(rawId.map(JSONValue.string))
        let object = try await jsonObject(request)
        let metadata = try Self.metadata(object["metadata"])
        return try await apply(traceId) { try $0.mergeMetadata(traceId: traceId, MetadataPatch(json: metadata), labels: .replace) }
    }

    func tag(_ request: Request) async throws -> Response {
        let object = try await jsonObject(request)
        let traceId = try Self.traceId(object["traceId"])
        guard case .array(let values)? = object["names"], !values.isEmpty else {
            throw CollectorHTTPError.badRequest("'names' must be a non-empty array of label strings")
        }
        let names = try values.map { value -> String in
            guard case .string(let name) = value, !name.isEmpty else {
                throw CollectorHTTPError.badRequest("'names' must hold non-empty strings, not \(value.jsonString)")
            }
            return name
        }
        return try await apply(traceId) { try $0.addLabels(traceId: traceId, names) }
    }

    func evaluation(_ request: Request, traceId rawId: String?) async throws -> Response {
        let traceId = try Self.traceId(rawId.map(JSONValue.string))
        let object = try await jsonObject(request)
        if let unknown = object.keys.sorted().first(where: { !["name", "score", "label", "explanation"].contains($0) }) {
            throw CollectorHTTPError.badRequest("unknown key '\(unknown)': an evaluation has name, score, label and explanation")
        }
        guard case .string(let name)? = object["name"], !name.isEmpty else {
            throw CollectorHTTPError.badRequest("'name' must be a non-empty string")
        }
        let score: Double?
        switch object["score"] {
        case nil, .null?: score = nil
        case .int(let number)?: score = Double(number)
        case .double(let number)? where number.isFinite: score = number
        case let value?: throw CollectorHTTPError.badRequest("'score' must be a finite number, not \(value.jsonString)")
        }
        let label = try Self.optionalString("label", object["label"])
        let explanation = try Self.optionalString("explanation", object["explanation"])
        return try await apply(traceId) {
            try $0.addEvaluation(traceId: traceId, name: name, score: score, label: label, explanation: explanation)
        }
    }

    // MARK: Pieces

    private static func optionalString(_ key: String, _ value: JSONValue?) throws -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw CollectorHTTPError.badRequest("'\(key)' must be a string, not \(value.jsonString)")
        }
    }

    private func jsonObject(_ request: Request) async throws -> [String: JSONValue] {
        try requireJSON(request)
        let body = try await bodyReader.read(request)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body.readableBytesView, memoryLimit: bodyReader.decodingMemoryLimit)
        } catch {
            throw CollectorHTTPError.badRequest("the body is not JSON: \(error)")
        }
        guard case .object(let object) = value else { throw CollectorHTTPError.badRequest("the body must be a JSON object") }
        return object
    }

    private static func traceId(_ value: JSONValue?) throws -> String {
        guard case .string(let id)? = value, !id.isEmpty else {
            throw CollectorHTTPError.badRequest("a trace id is required: 32 hex digits, a UUID, or the id a REST sender gave")
        }
        return id
    }

    private static func metadata(_ value: JSONValue?) throws -> [String: JSONValue] {
        guard case .object(let metadata)? = value else {
            throw CollectorHTTPError.badRequest("'metadata' must be a JSON object of the keys to set")
        }
        return metadata
    }

    private func apply(_ traceId: String, _ patch: @escaping @Sendable (any TraceStoring) throws -> PatchOutcome) async throws -> Response {
        let outcome = try await store.write("the patch for trace \(traceId) could not be stored", patch)
        return try JSONReply.encode(PatchReply(outcome, traceId: TraceIdentifier.canonical(traceId),
                                               pendingPatchLifetime: store.store.pendingPatchLifetime),
                                    status: outcome == .applied ? .ok : .accepted)
    }
}
