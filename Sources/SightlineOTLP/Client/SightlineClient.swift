import Foundation
import Sightline

/// Attaches signals to a trace after it has ended, through the backend's REST API: a quality
/// score, a reviewer's verdict, labels from triage.
///
/// ```swift
/// let client = try SightlineClient(backend: .laminar(apiKey: key))
/// try await client.pushMetadata(traceId: traceId, ["score": 0.85, "reviewer": "alice"])
/// try await client.addLabels(traceId: traceId, ["reviewed"])
/// await client.shutdown()
/// ```
///
/// Keep the trace id from the trace (`trace.id`) and push when the signal exists, seconds or
/// days later; the client writes the id in each backend's form (a UUID for Laminar, hex for
/// LangWatch and the local collector). Metadata is shallow-merged into the trace's: keys given
/// replace the trace's values, other keys stay. Push only after the trace's spans were
/// flushed: Laminar and LangWatch answer 404 for a trace they have not stored yet (the local
/// collector keeps the patch and applies it when the trace arrives).
///
/// Each call is one request, not retried, bounded by ``timeout``. Failures throw a
/// ``SightlineClientError`` that says which: refused credentials, unknown trace, another
/// status with the server's message, no connection, no answer in time. The client's own
/// requests are never traced. Call ``shutdown()`` when done.
public final class SightlineClient: Sendable {
    /// Where signals go.
    public let backend: Backend
    /// How long one request may take, connection included.
    public let timeout: Duration

    private let transport = HTTPTransport()
    private let isShutDown = LockedState(false)

    /// Creates a client with its own HTTP connection pool.
    ///
    /// ```swift
    /// let client = try SightlineClient(backend: .local())
    /// try await client.addLabels(traceId: traceId, ["reviewed"])
    /// ```
    ///
    /// - Parameters:
    ///   - backend: where signals go, and how to authenticate.
    ///   - timeout: how long one request may take, connection included; 30 s by default.
    /// - Throws: ``SightlineClientError/invalidBackend(_:)`` when the backend's URL is not an
    ///   http(s) URL with a host or its API key cannot be sent in a header.
    public init(backend: Backend, timeout: Duration = .seconds(30)) throws(SightlineClientError) {
        if let problem = OTLPHTTPExporter.problem(withURL: backend.baseURL) {
            throw .invalidBackend("URL \(backend.baseURL): \(problem)")
        }
        if let key = backend.apiKey, key.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            throw .invalidBackend("the API key has a line break or NUL in it")
        }
        self.backend = backend
        self.timeout = timeout
    }

    /// Shallow-merges `metadata` into the metadata of the trace `traceId`.
    ///
    /// Keys such as `user_id`, `thread_id`, `customer_id` and `labels` have their reserved
    /// meaning on LangWatch and on the local collector.
    ///
    /// - Parameters:
    ///   - traceId: the trace, which may not have reached the backend yet.
    ///   - metadata: the keys to set; keys not named keep their values.
    /// - Returns: whether the trace carries the metadata now or the backend holds it until the
    ///   trace arrives.
    /// - Throws: ``SightlineClientError``, or `CancellationError` when the task is cancelled.
    @discardableResult
    public func pushMetadata(traceId: TraceID, _ metadata: [String: JSONValue]) async throws -> PushOutcome {
        guard traceId.isValid else { throw SightlineClientError.invalidTraceID }
        return try await send(backend.metadataRequest(traceId, metadata), traceId: traceId)
    }

    /// Gives the trace `traceId` the labels `labels`.
    ///
    /// Laminar and the local collector add them to the trace's labels. LangWatch replaces the
    /// trace's labels with them: pass every label the trace should keep. With no labels,
    /// nothing is sent (and the outcome is `.applied`).
    ///
    /// - Parameters:
    ///   - traceId: the trace, which may not have reached the backend yet.
    ///   - labels: the labels to give it.
    /// - Returns: whether the trace carries the labels now or the backend holds them until the
    ///   trace arrives.
    /// - Throws: ``SightlineClientError``, or `CancellationError` when the task is cancelled.
    @discardableResult
    public func addLabels(traceId: TraceID, _ labels: [String]) async throws -> PushOutcome {
        guard traceId.isValid else { throw SightlineClientError.invalidTraceID }
        guard !labels.isEmpty else { return .applied }
        return try await send(backend.labelsRequest(traceId, labels), traceId: traceId)
    }

    /// Adds an evaluation to the trace `traceId` after it ended: a judge's score, a reviewer's
    /// verdict. The local collector stores it beside the evaluations the trace's spans recorded
    /// with `Span.recordEvaluation(name:score:label:explanation:)`, where `sightline traces --eval`
    /// finds it.
    ///
    /// ```swift
    /// try await client.pushEvaluation(traceId: traceId, name: "faithfulness", score: 0.42, label: "fail")
    /// ```
    ///
    /// - Parameters:
    ///   - traceId: the trace the evaluation is about.
    ///   - name: what was evaluated; not empty.
    ///   - score: a finite number, when the evaluation has one.
    ///   - label: a verdict such as `pass` or `fail`, when the evaluation has one.
    ///   - explanation: why the evaluator decided so, when it says.
    /// - Returns: whether the trace carries the evaluation now or the collector holds it until
    ///   the trace arrives.
    /// - Throws: ``SightlineClientError/unsupported(_:)`` for LangWatch and Laminar, whose
    ///   evaluation APIs this client does not speak; ``SightlineClientError/invalidEvaluation(_:)``
    ///   for an empty name or a score that is not finite (nothing is sent); otherwise as
    ///   ``pushMetadata(traceId:_:)``.
    @discardableResult
    public func pushEvaluation(traceId: TraceID, name: String, score: Double? = nil, label: String? = nil,
                               explanation: String? = nil) async throws -> PushOutcome {
        guard traceId.isValid else { throw SightlineClientError.invalidTraceID }
        guard !name.isEmpty else { throw SightlineClientError.invalidEvaluation("the name is empty") }
        if let score, !score.isFinite {
            throw SightlineClientError.invalidEvaluation("the score \(score) is not a finite number")
        }
        var body: [String: JSONValue] = ["name": .string(name)]
        if let score { body["score"] = .double(score) }
        if let label { body["label"] = .string(label) }
        if let explanation { body["explanation"] = .string(explanation) }
        return try await send(backend.evaluationRequest(traceId, body), traceId: traceId)
    }

    /// Stops the HTTP client. Later calls throw ``SightlineClientError/shutDown``.
    public func shutdown() async {
        let first = isShutDown.withLock { isShutDown -> Bool in
            defer { isShutDown = true }
            return !isShutDown
        }
        guard first else { return }
        transport.shutdown()
    }

    // MARK: Sending

    private func send(_ planned: PlannedRequest, traceId: TraceID) async throws -> PushOutcome {
        guard !isShutDown.withLock({ $0 }) else { throw SightlineClientError.shutDown }
        guard let url = URL(string: planned.url) else { throw SightlineClientError.invalidBackend("URL \(planned.url) is not valid") }
        var headers = planned.headers.map { (name: $0.0, value: $0.1) }
        headers.append((name: "User-Agent", value: "sightline-swift/\(SightlineVersion.current)"))

        let transport = self.transport
        let deadline = ContinuousClock.now.advanced(by: timeout)
        // The client's own requests belong to no trace, whatever span is active here.
        let reply = try await Sightline.withContext(SightlineContext(span: nil)) {
            do {
                return try await transport.send(planned.method, to: url, headers: headers,
                                                body: Array(planned.body.jsonString.utf8),
                                                deadline: deadline)
            } catch {
                throw self.failure(error)
            }
        }
        let status = reply.status
        guard !(200..<300).contains(status) else { return PushOutcome(status: status, body: reply.body) }
        let message = ExportReply.errorMessage(body: reply.body, contentType: reply.header("content-type"),
                                               reason: reply.reasonPhrase)
        switch status {
        case 401, 403: throw SightlineClientError.unauthorized(status: status, message: message)
        case 404: throw SightlineClientError.traceNotFound(traceId: backend.identifier(traceId), message: message)
        default: throw SightlineClientError.rejected(status: status, message: message)
        }
    }

    /// What a failed request means to the caller.
    private func failure(_ error: any Error) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if isShutDown.withLock({ $0 }) { return SightlineClientError.shutDown }
        switch error as? HTTPTransportFailure {
        case .timedOut: return SightlineClientError.timedOut(after: timeout)
        case .shutDown: return SightlineClientError.shutDown
        case .invalidURL(let reason): return SightlineClientError.invalidBackend(reason)
        case .connection(let reason): return SightlineClientError.network(reason)
        case nil: return SightlineClientError.network("\(error)")
        }
    }
}
