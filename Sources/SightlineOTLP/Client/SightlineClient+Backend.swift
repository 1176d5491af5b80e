import Sightline

extension SightlineClient {
    /// Where a finished trace's metadata, labels and evaluations go, and how each backend wants them.
    public enum Backend: Sendable, Hashable {
        /// Laminar: `POST {baseURL}/v1/traces/metadata` with `{"traceId":"<uuid>","metadata":{…}}`
        /// (shallow merge) and `POST {baseURL}/v1/tag` with `{"traceId":"<uuid>","names":[…]}`,
        /// `Authorization: Bearer <apiKey>`. Trace ids are UUID strings.
        case laminar(apiKey: String, baseURL: String = Configuration.defaultLaminarBaseURL)
        /// LangWatch: `PATCH {endpoint}/api/traces/{hex}/metadata` with `{"metadata":{…}}` and
        /// `X-Auth-Token: <apiKey>`. Trace ids are 32 hex digits. Labels go in the metadata's
        /// `labels` key, which LangWatch **replaces**: ``SightlineClient/addLabels(traceId:_:)``
        /// sets the trace's labels to exactly the ones given.
        case langWatch(apiKey: String, endpoint: String = Configuration.defaultLangWatchEndpoint)
        /// Sightline's collector (`sightline serve`) at `baseURL`: Laminar's routes and shapes
        /// with hex trace ids; `Authorization: Bearer <apiKey>` when the collector was started
        /// with a key. Labels are added to the trace's labels. For a collector on this machine,
        /// ``local(port:apiKey:)`` says only the port, as the `Configuration.local(port:)` preset does.
        case local(baseURL: String, apiKey: String? = nil)

        /// Sightline's collector on this machine: `http://127.0.0.1:{port}` (4318 by default).
        ///
        /// - Parameters:
        ///   - port: the port `sightline serve` listens on.
        ///   - apiKey: the key the collector was started with, if any.
        /// - Returns: ``local(baseURL:apiKey:)`` with the loopback URL of that port.
        public static func local(port: Int = 4318, apiKey: String? = nil) -> Backend {
            .local(baseURL: "http://127.0.0.1:\(port)", apiKey: apiKey)
        }

        var baseURL: String {
            switch self {
            case .laminar(_, let url), .langWatch(_, let url), .local(let url, _): return url.withoutTrailingSlash
            }
        }

        var apiKey: String? {
            switch self {
            case .laminar(let key, _), .langWatch(let key, _): return key
            case .local(_, let key): return key
            }
        }

        /// The trace id as this backend writes it.
        func identifier(_ traceId: TraceID) -> String {
            if case .laminar = self { return traceId.uuidString }
            return traceId.hex
        }

        /// The request that merges `metadata` into the trace's metadata.
        func metadataRequest(_ traceId: TraceID, _ metadata: [String: JSONValue]) -> PlannedRequest {
            switch self {
            case .laminar, .local:
                let body: JSONValue = ["traceId": .string(identifier(traceId)), "metadata": .object(metadata)]
                return PlannedRequest(method: "POST", url: baseURL + "/v1/traces/metadata", headers: headers, body: body)
            case .langWatch:
                return PlannedRequest(method: "PATCH", url: baseURL + "/api/traces/\(identifier(traceId))/metadata",
                                      headers: headers, body: ["metadata": .object(metadata)])
            }
        }

        /// The request that gives the trace `labels`.
        func labelsRequest(_ traceId: TraceID, _ labels: [String]) -> PlannedRequest {
            switch self {
            case .laminar, .local:
                let body: JSONValue = ["traceId": .string(identifier(traceId)), "names": .array(labels.map(JSONValue.string))]
                return PlannedRequest(method: "POST", url: baseURL + "/v1/tag", headers: headers, body: body)
            case .langWatch:
                return metadataRequest(traceId, ["labels": .array(labels.map(JSONValue.string))])
            }
        }

        /// The request that adds an evaluation (`body`: name, score, label, explanation) to the
        /// trace: the local collector's `POST /api/traces/{hex}/evaluations`.
        ///
        /// - Throws: ``SightlineClientError/unsupported(_:)`` for LangWatch and Laminar: they take
        ///   evaluations through APIs of their own (evaluators, evaluation runs) that this client
        ///   does not implement; record the evaluation on the span instead
        ///   (`Span.recordEvaluation`), which both receive as an OTLP span event.
        func evaluationRequest(_ traceId: TraceID, _ body: [String: JSONValue]) throws(SightlineClientError) -> PlannedRequest {
            switch self {
            case .local:
                return PlannedRequest(method: "POST", url: baseURL + "/api/traces/\(identifier(traceId))/evaluations",
                                      headers: headers, body: .object(body))
            case .laminar:
                throw .unsupported("Laminar has no evaluation push in this client; record the evaluation on its span "
                    + "with Span.recordEvaluation before the span ends")
            case .langWatch:
                throw .unsupported("LangWatch has no evaluation push in this client; record the evaluation on its span "
                    + "with Span.recordEvaluation before the span ends")
            }
        }

        /// The authentication header, then the content type.
        private var headers: [(String, String)] {
            var headers: [(String, String)] = []
            switch self {
            case .laminar(let key, _): headers.append(("Authorization", "Bearer \(key)"))
            case .langWatch(let key, _): headers.append(("X-Auth-Token", key))
            case .local(_, let key?): headers.append(("Authorization", "Bearer \(key)"))
            case .local(_, nil): break
            }
            headers.append(("Content-Type", "application/json"))
            return headers
        }
    }

    /// One HTTP request to make, before it is sent.
    struct PlannedRequest {
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: JSONValue
    }
}
