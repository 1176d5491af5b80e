import Foundation
import Sightline

/// Sends batches of spans to an OTLP/HTTP endpoint: an OpenTelemetry Collector, LangWatch,
/// Laminar, Arize Phoenix or Sightline's own collector.
///
/// Each ``export(_:)`` is one `POST` to `OTLPSettings/tracesURL` (`{endpoint}/v1/traces`, or
/// the exact traces endpoint) with the batch as one `ExportTraceServiceRequest`: binary
/// protobuf encoded in C (`Content-Type: application/x-protobuf`) or OTLP/JSON
/// (`application/json`), as `OTLPSettings/wireProtocol` says; gzipped with
/// `Content-Encoding: gzip` when `OTLPSettings/compression` is `.gzip`. The headers of
/// `OTLPSettings/headers` are sent with every request; `https` URLs use TLS with the system's
/// trust roots. The HTTP client is Foundation's `URLSession` (libcurl on Linux), which ships with
/// the toolchain: exporting adds no HTTP stack to an app's build.
///
/// **Replies.** A 2xx reply is a success. Its body, when there is one, is read as an
/// `ExportTraceServiceResponse`: a partial success that rejected spans makes the export throw
/// ``OTLPExportError/partialSuccess(rejectedSpans:spansSent:message:)`` (the other spans were
/// stored; the batch processor counts the batch as failed and prints the error, which names
/// the rejected count) and adds to ``Statistics/spansRejected``. A partial success that rejected
/// nothing but carries a message is a warning: it is kept in ``Statistics/lastPartialSuccessMessage``
/// and the export succeeds. A 429, 502, 503 or 504 reply and a connection error are retried
/// as ``retryPolicy`` says, honouring `Retry-After`; any other status throws
/// ``OTLPExportError/rejected(status:message:)`` at once, with the server's message. A reply
/// body is read up to 64 KiB; past that the request is cancelled and the rest never read.
///
/// **Deadline.** An export, retries and waits included, ends within `OTLPSettings/timeout`,
/// or by the batch's `SpanBatch.deadline` when that comes first: one instant, which the retry
/// loop checks before every attempt and wait and the HTTP request is bounded by. A request still
/// in flight then is cancelled and the export throws ``OTLPExportError/timedOut(after:attempts:)``;
/// a wait that would end past it is not begun.
///
/// **Never traced.** The exporter calls no Sightline API, runs its requests with no active
/// span (whatever span is active where ``export(_:)`` is called), and its HTTP client is not
/// instrumented, so its own traffic never becomes spans and carries no trace context.
///
/// Most programs do not create one: ``OTLPExporter/register()`` lets `ExporterChoice.otlp(_:)`
/// build it. Create it yourself to choose the retry policy or to read ``statistics``, and pass
/// it as `.custom(exporter)`. Call ``shutdown()`` when done (the SDK does for its exporter).
public final class OTLPHTTPExporter: SpanExporter {
    /// What the exporter has done since it was created.
    public struct Statistics: Sendable, Hashable {
        /// HTTP requests sent, retries included.
        public var requests = 0
        /// Requests sent again after a retryable failure.
        public var retries = 0
        /// Exports whose every span the endpoint accepted.
        public var batchesAccepted = 0
        /// Exports the endpoint took with a partial success that rejected some spans.
        public var batchesPartiallyRejected = 0
        /// Exports that failed: no 2xx reply within the deadline.
        public var batchesFailed = 0
        /// Spans the endpoint rejected in partial-success replies.
        public var spansRejected = 0
        /// The `error_message` of the last partial-success reply, warnings included.
        public var lastPartialSuccessMessage: String?
    }

    /// Where and how spans are sent.
    public let settings: OTLPSettings
    /// When failed requests are sent again.
    public let retryPolicy: OTLPRetryPolicy

    private struct State {
        var statistics = Statistics()
        var isShutDown = false
    }

    private let transport = HTTPTransport()
    private let tracesURL: URL
    private let headers: [(name: String, value: String)]
    /// One encoder, whose arena is reused across batches; the lock serializes concurrent exports' encoding.
    private let encoder: LockedState<OTLPProtobufEncoder>
    private let state = LockedState(State())

    /// Creates an exporter with its own HTTP client.
    ///
    /// ```swift
    /// let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: "http://localhost:4318"),
    ///                                     retryPolicy: .never)
    /// let sightline = try Sightline.bootstrap(Configuration(exporter: .custom(exporter)))
    /// ```
    ///
    /// - Parameters:
    ///   - settings: the endpoint, headers, wire protocol, compression and timeout.
    ///   - retryPolicy: when failed requests are sent again; ``OTLPRetryPolicy/default`` by default.
    /// - Throws: ``OTLPExportError/invalidSettings(_:)`` when `OTLPSettings/tracesURL` is not an
    ///   http(s) URL with a host, a header name or value is not valid in HTTP, or the timeout is
    ///   not above zero and at most an hour. (Through `Sightline`'s configuration, such a timeout
    ///   is replaced with a warning instead.)
    public init(settings: OTLPSettings, retryPolicy: OTLPRetryPolicy = .default) throws(OTLPExportError) {
        if let problem = Self.problem(withURL: settings.tracesURL) {
            throw .invalidSettings("endpoint \(settings.tracesURL): \(problem)")
        }
        guard let tracesURL = URL(string: settings.tracesURL) else {
            throw .invalidSettings("endpoint \(settings.tracesURL): not a valid URL")
        }
        if let problem = settings.timeoutProblem {
            throw .invalidSettings(problem)
        }
        self.tracesURL = tracesURL
        self.settings = settings
        self.retryPolicy = retryPolicy
        self.headers = try Self.headers(for: settings)
        self.encoder = LockedState(OTLPProtobufEncoder(initialCapacity: settings.wireProtocol == .httpProtobuf ? 256 << 10 : 1 << 10))
    }

    /// What the exporter has done so far.
    public var statistics: Statistics {
        state.withLock { $0.statistics }
    }

    /// Sends `batch`, retrying transient failures until `OTLPSettings/timeout` has passed or
    /// the batch's `SpanBatch.deadline` has come, whichever is first.
    ///
    /// - Parameter batch: the spans and the resource that produced them.
    ///
    /// - Throws: ``OTLPExportError`` when the batch was not delivered in full, `CancellationError`
    ///   when the calling task was cancelled.
    public func export(_ batch: SpanBatch) async throws {
        guard !batch.spans.isEmpty else { return }
        // Whatever span is active here, the exporter's own work belongs to no trace.
        try await Sightline.withContext(SightlineContext(span: nil)) {
            try await self.deliver(batch)
        }
    }

    /// Stops the HTTP client. Exports in flight fail; later ones throw ``OTLPExportError/shutDown``.
    public func shutdown() async {
        let first = state.withLock { state -> Bool in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard first else { return }
        transport.shutdown()
    }

    // MARK: Delivery

    /// One attempt's result.
    private enum Outcome: Sendable {
        case delivered(body: [UInt8], contentType: String?)
        case rejected(status: Int, message: String)
        case retryable(status: Int?, message: String, retryAfter: Duration?)
        case timedOut
    }

    private var isShutDown: Bool {
        state.withLock { $0.isShutDown }
    }

    private func deliver(_ batch: SpanBatch) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // One deadline for the whole export: the batch's, when the caller set an earlier one.
        let ownDeadline = start.advanced(by: settings.timeout)
        let deadline = batch.deadline.map { min($0, ownDeadline) } ?? ownDeadline
        guard !isShutDown else { throw OTLPExportError.shutDown }
        let body = try makeBody(batch)
        var attempts = 0
        do {
            while true {
                attempts += 1
                state.withLock { $0.statistics.requests += 1 }
                switch try await attempt(body, deadline: deadline) {
                case .delivered(let reply, let contentType):
                    try accept(reply, contentType: contentType, spansSent: batch.spans.count)
                    return
                case .rejected(let status, let message):
                    throw OTLPExportError.rejected(status: status, message: message)
                case .timedOut:
                    throw OTLPExportError.timedOut(after: start.duration(to: deadline), attempts: attempts)
                case .retryable(let status, let message, let retryAfter):
                    guard attempts < retryPolicy.maximumAttempts else {
                        throw OTLPExportError.retriesExhausted(attempts: attempts, status: status, message: message,
                                                               stoppedBy: .attemptLimit)
                    }
                    let wait = retryAfter ?? retryPolicy.delay(beforeRetry: attempts)
                    guard clock.now.advanced(by: wait) < deadline else {
                        throw OTLPExportError.retriesExhausted(attempts: attempts, status: status, message: message,
                                                               stoppedBy: .deadline(nextWait: wait))
                    }
                    state.withLock { $0.statistics.retries += 1 }
                    try await Task.sleep(until: clock.now.advanced(by: wait), clock: clock)
                }
            }
        } catch let error as OTLPExportError {
            if case .partialSuccess = error {} else { state.withLock { $0.statistics.batchesFailed += 1 } }
            throw error
        } catch {
            state.withLock { $0.statistics.batchesFailed += 1 }
            throw error
        }
    }

    /// Reads a 2xx reply: a success, unless its partial success rejected spans.
    private func accept(_ reply: [UInt8], contentType: String?, spansSent: Int) throws(OTLPExportError) {
        let partial = ExportReply.partialSuccess(body: reply, contentType: contentType,
                                                 requestWasJSON: settings.wireProtocol == .httpJSON)
        let rejected = partial.map { Int(clamping: max(0, $0.rejectedSpans)) } ?? 0
        state.withLock { state in
            if let partial { state.statistics.lastPartialSuccessMessage = partial.errorMessage }
            if rejected > 0 {
                state.statistics.batchesPartiallyRejected += 1
                state.statistics.spansRejected += rejected
            } else {
                state.statistics.batchesAccepted += 1
            }
        }
        if rejected > 0 {
            throw .partialSuccess(rejectedSpans: rejected, spansSent: spansSent, message: partial?.errorMessage ?? "")
        }
    }

    /// The request body: the encoded batch, gzipped when the settings ask for it.
    private func makeBody(_ batch: SpanBatch) throws(OTLPExportError) -> [UInt8] {
        let encoded: [UInt8]
        switch settings.wireProtocol {
        case .httpProtobuf:
            encoded = encoder.withLock { $0.encode(batch.spans, resource: batch.resource) }
        case .httpJSON:
            encoded = OTLPJSONEncoder().encode(batch.spans, resource: batch.resource)
        }
        return settings.compression == .gzip ? try Gzip.compress(encoded) : encoded
    }

    /// Sends the request once; returns when the reply is read or the deadline passes.
    private func attempt(_ body: [UInt8], deadline: ContinuousClock.Instant) async throws -> Outcome {
        guard ContinuousClock.now < deadline else { return .timedOut }
        do {
            let reply = try await transport.send("POST", to: tracesURL, headers: headers, body: body,
                                                 deadline: deadline)
            return Self.outcome(of: reply)
        } catch let failure as HTTPTransportFailure {
            if isShutDown { throw OTLPExportError.shutDown }
            switch failure {
            case .timedOut: return .timedOut
            case .shutDown: throw OTLPExportError.shutDown
            case .invalidURL(let reason): throw OTLPExportError.invalidSettings("endpoint \(settings.tracesURL): \(reason)")
            case .connection(let reason): return .retryable(status: nil, message: "connection error: \(reason)", retryAfter: nil)
            }
        }
    }

    /// Classifies a reply by its status.
    private static func outcome(of reply: HTTPReply) -> Outcome {
        let status = reply.status
        let body = reply.body
        let contentType = reply.header("content-type")
        func message() -> String {
            ExportReply.errorMessage(body: body, contentType: contentType, reason: reply.reasonPhrase)
        }
        switch status {
        case 200..<300:
            return .delivered(body: body, contentType: contentType)
        case 429, 502, 503, 504:
            let now = Double(Timestamp.now().nanosecondsSinceEpoch) / 1e9
            let retryAfter = reply.header("retry-after").flatMap { RetryAfter.delay($0, now: now) }
            return .retryable(status: status, message: message(), retryAfter: retryAfter)
        case 300..<400:
            let location = reply.header("location") ?? "an unknown location"
            return .rejected(status: status, message: "redirect to \(location), which the exporter does not follow: set the endpoint to the final URL")
        default:
            return .rejected(status: status, message: message())
        }
    }

    // MARK: Settings checks

    /// The headers of every request: the user's, then the content headers, which win.
    private static func headers(for settings: OTLPSettings) throws(OTLPExportError) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenCharacter) else {
                throw .invalidSettings("header name '\(name)' is not a valid HTTP token")
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .invalidSettings("header '\(name)' has a line break or NUL in its value")
            }
            headers.append((name, value))
        }
        let contentHeaders: Set<String> = ["content-type", "content-encoding"]
        headers.removeAll { contentHeaders.contains($0.name.lowercased()) }
        switch settings.wireProtocol {
        case .httpProtobuf: headers.append(("Content-Type", "application/x-protobuf"))
        case .httpJSON: headers.append(("Content-Type", "application/json"))
        }
        if settings.compression == .gzip { headers.append(("Content-Encoding", "gzip")) }
        if !headers.contains(where: { $0.name.lowercased() == "user-agent" }) {
            headers.append(("User-Agent", "sightline-swift/\(SightlineVersion.current)"))
        }
        return headers
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Why `url` cannot be posted to, or nil when it can.
    static func problem(withURL url: String) -> String? {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = url.dropFirst("http://".count)
        } else if lower.hasPrefix("https://") {
            rest = url.dropFirst("https://".count)
        } else {
            return "not an http or https URL"
        }
        if url.contains(where: { $0.isWhitespace }) { return "contains whitespace" }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host = hostAndPort.hasPrefix("[") ? hostAndPort.prefix { $0 != "]" } : hostAndPort.prefix { $0 != ":" }
        if host.isEmpty { return "no host" }
        return nil
    }
}
