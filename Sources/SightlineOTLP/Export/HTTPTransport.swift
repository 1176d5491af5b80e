import Foundation
import Sightline
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP client under the exporter and ``SightlineClient``: Foundation's `URLSession`
/// (libcurl on Linux), which ships with the toolchain, so an app that exports spans compiles
/// no HTTP stack of its own. TLS uses the system's trust roots.
///
/// Redirects are not followed (a `POST` redirected with 301/302 may come back as a `GET`
/// without its body): the 3xx reply is returned as it is. Nothing is cached and no cookie is
/// kept. Each request ends by its deadline, connection included, or fails with
/// ``HTTPTransportFailure/timedOut``. A reply body is read only up to ``replyLimit``: then the
/// request is cancelled, so an endpoint sending an endless or huge reply costs that much memory
/// and no more.
final class HTTPTransport: Sendable {
    /// The longest reply body read; the rest is never read. Enough for any OTLP status or
    /// error message.
    static let replyLimit = 64 << 10

    private let session: URLSession
    private let delegate = SessionDelegate()
    /// True once the session is invalidated. URLSession traps when a task is made on an
    /// invalidated session, so tasks are made, and the session invalidated, under this lock.
    private let isInvalidated = LockedState(false)

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        // The session holds its delegate until it is invalidated.
        shutdown()
    }

    /// Cancels the requests in flight; later requests fail with ``HTTPTransportFailure/shutDown``.
    func shutdown() {
        isInvalidated.withLock { isInvalidated in
            guard !isInvalidated else { return }
            isInvalidated = true
            session.invalidateAndCancel()
        }
    }

    /// Sends one request and reads the reply, keeping at most ``replyLimit`` bytes of its body.
    ///
    /// - Parameter deadline: the instant the reply must be read by; the caller's one deadline
    ///   (the exporter's for the whole export, retries included), not a timeout per request.
    /// - Throws: ``HTTPTransportFailure``, or `CancellationError` when the calling task is cancelled.
    func send(_ method: String, to url: URL, headers: [(name: String, value: String)], body: [UInt8],
              deadline: ContinuousClock.Instant) async throws -> HTTPReply {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        // URLSession's timeout restarts with every byte received, so it cannot keep a deadline:
        // it is only a backstop, and the race below ends the request at the deadline exactly.
        request.timeoutInterval = max(ContinuousClock.now.duration(to: deadline), .zero).seconds + 1
        let prepared = request
        do {
            return try await withThrowingTaskGroup(of: HTTPReply?.self) { group in
                group.addTask { try await self.perform(prepared) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw HTTPTransportFailure.timedOut }
                return first
            }
        } catch let failure as HTTPTransportFailure {
            throw failure
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw HTTPTransportFailure(error)
        }
    }
}

extension HTTPTransport {
    /// Runs one data task; cancelling the calling task cancels it.
    private func perform(_ request: URLRequest) async throws -> HTTPReply {
        let running = RunningTask()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPReply, any Error>) in
                let reader = ReplyReader(limit: Self.replyLimit, continuation: continuation)
                let task = isInvalidated.withLock { isInvalidated -> URLSessionDataTask? in
                    guard !isInvalidated else { return nil }
                    let task = session.dataTask(with: request)
                    delegate.register(reader, for: task)
                    return task
                }
                guard let task else {
                    continuation.resume(throwing: HTTPTransportFailure.shutDown)
                    return
                }
                running.start(task)
            }
        } onCancel: {
            running.cancel()
        }
    }
}

/// The data task of one request, cancelled even when the cancellation comes before it starts.
private final class RunningTask: Sendable {
    private struct State: @unchecked Sendable {
        var task: URLSessionDataTask?
        var isCancelled = false
    }
    private let state = LockedState(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state -> Bool in
            state.task = task
            return state.isCancelled
        }
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        state.withLock { state in
            state.isCancelled = true
            return state.task
        }?.cancel()
    }
}

/// Why a request got no reply.
enum HTTPTransportFailure: Error, Sendable, Equatable {
    /// No reply within the timeout.
    case timedOut
    /// The transport was shut down.
    case shutDown
    /// The URL cannot be requested.
    case invalidURL(String)
    /// No connection, or it broke before the reply was read: worth trying again.
    case connection(String)

    init(_ error: any Error) {
        guard let error = error as? URLError else {
            self = .connection("\(error)")
            return
        }
        switch error.code {
        case .timedOut: self = .timedOut
        case .cancelled: self = .shutDown   // the caller's own cancellation is checked before this
        case .badURL, .unsupportedURL: self = .invalidURL(Self.reason(error))
        default: self = .connection(Self.reason(error))
        }
    }

    /// What curl or Foundation said went wrong, for example
    /// "Failed to connect to 127.0.0.1 port 4318 after 0 ms: Couldn't connect to server".
    private static func reason(_ error: URLError) -> String {
        if let description = error.userInfo[NSLocalizedDescriptionKey] as? String, !description.isEmpty {
            return description
        }
        return "URL error \(error.code.rawValue)"
    }
}

/// A reply: status, headers and the start of the body.
struct HTTPReply: Sendable {
    let status: Int
    let body: [UInt8]
    /// Header values by lowercased name.
    private let headers: [String: String]

    init(_ response: HTTPURLResponse, body: Data) {
        status = response.statusCode
        self.body = [UInt8](body)
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        self.headers = headers
    }

    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The standard phrase of the status (curl does not keep the status line's own).
    var reasonPhrase: String {
        HTTPReply.phrases[status] ?? "HTTP \(status)"
    }

    private static let phrases: [Int: String] = [
        200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
        301: "Moved Permanently", 302: "Found", 303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect",
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
        408: "Request Timeout", 409: "Conflict", 413: "Content Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Content", 429: "Too Many Requests",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]
}

/// The session's delegate: hands each task's reply to its ``ReplyReader`` and refuses redirects.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private let readers = LockedState<[Int: ReplyReader]>([:])

    func register(_ reader: ReplyReader, for task: URLSessionTask) {
        readers.withLock { $0[task.taskIdentifier] = reader }
    }

    private func reader(of task: URLSessionTask) -> ReplyReader? {
        readers.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        reader(of: dataTask)?.received(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        // Past the limit the reply is complete as far as the caller is concerned: stop reading.
        if reader(of: dataTask)?.received(data) == .full { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        readers.withLock { $0.removeValue(forKey: task.taskIdentifier) }?.completed(error)
    }

    /// Hands a redirect back to the caller instead of following it.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// Collects one reply, keeping at most `limit` bytes of its body, and resumes the caller once:
/// when the reply is complete, when the limit is passed, or with the task's error.
private final class ReplyReader: Sendable {
    enum Progress { case reading, full }

    private struct State: @unchecked Sendable {
        var response: URLResponse?
        var body = Data()
        var continuation: CheckedContinuation<HTTPReply, any Error>?
    }
    private let limit: Int
    private let state: LockedState<State>

    init(limit: Int, continuation: CheckedContinuation<HTTPReply, any Error>) {
        self.limit = limit
        state = LockedState(State(continuation: continuation))
    }

    func received(_ response: URLResponse) {
        state.withLock { $0.response = response }
    }

    func received(_ data: Data) -> Progress {
        let full = state.withLock { state -> Bool in
            let room = limit - state.body.count
            state.body.append(data.prefix(max(room, 0)))
            return data.count > room
        }
        guard full else { return .reading }
        finish { Self.reply($0) }
        return .full
    }

    func completed(_ error: (any Error)?) {
        finish { state in error.map { .failure($0) } ?? Self.reply(state) }
    }

    /// Resumes the caller with `outcome` of the reply so far, unless it was resumed already.
    private func finish(_ outcome: (State) -> Result<HTTPReply, any Error>) {
        let (continuation, result) = state.withLock { state -> (CheckedContinuation<HTTPReply, any Error>?, Result<HTTPReply, any Error>?) in
            guard let continuation = state.continuation else { return (nil, nil) }
            state.continuation = nil
            return (continuation, outcome(state))
        }
        if let continuation, let result { continuation.resume(with: result) }
    }

    private static func reply(_ state: State) -> Result<HTTPReply, any Error> {
        guard let response = state.response else {
            return .failure(HTTPTransportFailure.connection("no reply and no error from URLSession"))
        }
        guard let response = response as? HTTPURLResponse else {
            return .failure(HTTPTransportFailure.connection("the reply was not an HTTP response"))
        }
        return .success(HTTPReply(response, body: state.body))
    }
}
