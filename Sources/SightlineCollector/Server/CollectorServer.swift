import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Sightline

/// The collector's HTTP server: receives traces over OTLP/HTTP and LangWatch's REST API,
/// takes post-hoc metadata and labels, and answers JSON queries, all against one
/// ``TraceStore``.
///
/// Routes (every one needs the API key when ``Configuration/apiKey`` is set, sent as
/// `Authorization: Bearer <key>` or `X-Auth-Token: <key>`, else 401 and nothing is stored):
///
/// | Route | Body | Reply |
/// |---|---|---|
/// | `POST /v1/traces` | OTLP `ExportTraceServiceRequest`, `application/x-protobuf` or `application/json`, gzip accepted | `ExportTraceServiceResponse` in the request's encoding, with a partial success naming the spans rejected |
/// | `POST /api/collector` | LangWatch's REST trace (`trace_id`, `spans`, `metadata`) | the ``IngestSummary`` |
/// | `POST /v1/traces/metadata` | `{"traceId": "<hex, uuid or own id>", "metadata": {…}}` (Laminar) | `{"status": "applied"}` (200), or `"pending"` (202) with `"heldForSeconds"` |
/// | `PATCH /api/traces/{id}/metadata` | `{"metadata": {…}}` (LangWatch; labels replaced) | as above |
/// | `POST /v1/tag` | `{"traceId": "…", "names": ["…"]}` (Laminar) | as above |
/// | `POST /api/traces/{id}/evaluations` | `{"name": "…", "score": 0.4, "label": "…", "explanation": "…"}` (name required) | as above |
/// | `GET /api/traces` | query `user`, `thread`, `customer`, `label`, `meta` and `eval` (up to 20 together: `k=v`, `k>0.8`; `faithfulness<0.5`, `toxicity=fail`), `since`, `limit` | `[TraceSummary]`, inputs and outputs as previews |
/// | `GET /api/traces/{id}` | query `offset`, `limit` (spans, at most 1,000 a page) | ``TraceDetail`` (a page of spans) or 404 |
/// | `GET /api/threads/{id}` | | `[ConversationTurn]` or 404 |
/// | `GET /api/users` | | `[UserSummary]` |
/// | `GET /api/overview` | query `since`, `until`, `intervals` | ``Overview`` |
/// | `GET /`, `GET /viewer/{file}` | | the web viewer; these need no key, so that the page can ask for it |
///
/// A trace is acknowledged only once the store has committed it to disk. A patch or an
/// evaluation for a trace that has not arrived is kept by the store and applied when the trace arrives (reply 202).
/// Bad requests are answered and change nothing: 413 for a body over
/// ``Configuration/maximumBodySize`` (compressed or not), 415 for a content type or encoding
/// the route does not take, 400 with the reason for a body that cannot be read. Errors carry a
/// `google.rpc.Status` body, `{"code": …, "message": "…"}` in JSON (binary protobuf for a
/// binary OTLP request).
///
/// The server's own work is never traced. Run it with ``run()`` (until the task is cancelled
/// or a `ServiceGroup` shuts it down gracefully); ``boundPort()`` says where it listens,
/// useful with port 0.
public final class CollectorServer: Service, Sendable {
    /// Where the server listens and what it accepts.
    public struct Configuration: Sendable, Hashable {
        /// The address to bind; loopback by default, so only this machine can send.
        public var host: String
        /// The port; 4318 (OTLP/HTTP's) by default. 0 picks a free port: see ``CollectorServer/boundPort()``.
        public var port: Int
        /// When set, every request must carry it (`Authorization: Bearer` or `X-Auth-Token`).
        /// An empty string means no key.
        public var apiKey: String?
        /// The largest request body accepted, in bytes, before and after gzip decompression;
        /// at most ``largestBodySize`` (a larger value reads as that).
        public var maximumBodySize: Int

        /// How long a connection may send nothing before it is closed: while idle between
        /// requests (keep-alive), in the middle of a request's head, or of its body. 30 s by default.
        public var idleTimeout: Duration
        /// How long a request may take to arrive whole once its head has: a body trickled a byte
        /// at a time is cut off here (the connection is closed). 60 s by default.
        public var requestReadTimeout: Duration
        /// The most connections held open at once; more wait in the listen backlog until one
        /// closes. Held below the file-descriptor limit whatever is set here (see ``CollectorServer/run()``).
        public var maximumConnections: Int

        /// The ceiling of ``maximumBodySize``: 1 GiB.
        public static let largestBodySize = 1 << 30

        /// Sets where the server listens and what it accepts; the defaults are `sightline serve`'s.
        /// - Parameters:
        ///   - host: the address to bind.
        ///   - port: the port.
        ///   - apiKey: when set, every request must carry it; nil or empty for none.
        ///   - maximumBodySize: the largest request body accepted, in bytes, before and after gzip decompression.
        ///   - idleTimeout: how long a connection may send nothing before it is closed.
        ///   - requestReadTimeout: how long a request may take to arrive whole once its head has.
        ///   - maximumConnections: the most connections held open at once.
        public init(host: String = "127.0.0.1", port: Int = 4318, apiKey: String? = nil,
                    maximumBodySize: Int = 16 << 20, idleTimeout: Duration = .seconds(30),
                    requestReadTimeout: Duration = .seconds(60), maximumConnections: Int = 4096) {
            self.host = host
            self.port = port
            self.apiKey = apiKey
            self.maximumBodySize = maximumBodySize
            self.idleTimeout = idleTimeout
            self.requestReadTimeout = requestReadTimeout
            self.maximumConnections = maximumConnections
        }
    }

    /// Where the server listens and what it accepts.
    public let configuration: Configuration
    /// The store traces go into and queries read from.
    public let store: any TraceStoring
    private let logger: Logger
    private let bound = BoundPort()

    /// Makes a server; it listens once ``run()`` is called.
    /// - Parameters:
    ///   - configuration: where to listen and what to accept.
    ///   - store: the store traces go into and queries read from.
    ///   - logger: where the server logs; by default a logger that reports warnings and errors only.
    public init(configuration: Configuration = Configuration(), store: any TraceStoring, logger: Logger? = nil) {
        self.configuration = configuration
        self.store = store
        self.logger = logger ?? {
            var quiet = Logger(label: "sightline.collector")
            quiet.logLevel = .warning
            return quiet
        }()
    }

    /// Serves requests until the task is cancelled or, inside a `ServiceGroup`, until a graceful
    /// shutdown; requests in flight are finished first.
    ///
    /// Raises the process's soft limit on open files to its hard limit, and holds connections to
    /// ``Configuration/maximumConnections`` and below that limit (less a reserve for the database
    /// and the event loops), so that a flood of idle connections cannot leave the server unable to
    /// accept, or to open its own files.
    ///
    /// - Throws: ``CollectorServerError/addressInUse(host:port:)`` when another socket listens
    ///   on the address, ``CollectorServerError/cannotListen(host:port:reason:)`` when it cannot
    ///   be listened on for another reason (see also ``Configuration/checkAddress()``).
    public func run() async throws {
        let router = CollectorRoutes(store: store, apiKey: configuration.apiKey, maximumBodySize: configuration.maximumBodySize,
                                     logger: logger)
            .router()
        let bound = self.bound
        let descriptors = FileDescriptorLimit.raiseSoftLimitToHard() ?? 1024
        let connections = max(1, min(configuration.maximumConnections, FileDescriptorLimit.connections(under: descriptors)))
        let idle = Self.timeAmount(configuration.idleTimeout)
        let requestRead = Self.timeAmount(configuration.requestReadTimeout)
        let application = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestReadDeadline(limit: requestRead)],
                                                idleTimeout: idle)),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "sightline/\(SightlineVersion.current)",
                                                    availableConnectionsDelegate: MaximumAvailableConnections(connections, logger: logger)),
            onServerRunning: { channel in bound.fulfill(channel.localAddress?.port) },
            logger: logger)
        do {
            // Whatever span is active where the server is started, its work belongs to no trace.
            try await Sightline.withContext(SightlineContext(span: nil)) {
                try await application.run()
            }
            bound.fail(CollectorServerError.stopped)
        } catch {
            // An error before the listener was up is one of binding: said in the collector's terms.
            let failure = bound.isSettled || error is CancellationError ? error
                : CollectorServerError.listening(error, host: configuration.host, port: configuration.port)
            bound.fail(failure)
            throw failure
        }
    }

    /// `duration` for NIO, at least a nanosecond.
    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(max(1, Int64(clamping: TraceStore.nanoseconds(duration))))
    }

    /// The port the server listens on, once it does: waits for ``run()`` to bind.
    ///
    /// - Throws: the error that stopped ``run()`` before it could listen, or
    ///   ``CollectorServerError/stopped`` when it has stopped since.
    public func boundPort() async throws -> Int {
        try await bound.value()
    }
}
