import NIOHTTP1

extension FakeOTLPReceiver {
    /// What the receiver does with a request.
    public indirect enum Reply: Sendable, Equatable {
        /// Answers with this status, these headers and this body (`Content-Length` is added).
        case respond(HTTPResponseStatus, headers: HTTPHeaders = [:], body: [UInt8] = [])
        /// Gives `reply` once `delay` has passed: past the exporter's deadline when the test wants a timeout.
        case delayed(Duration, Reply)
        /// Never answers; the connection stays open until the receiver stops listening.
        case hang
        /// Answers with this status and a chunked body of `chunk` repeated until the client hangs up.
        case endless(HTTPResponseStatus, chunk: [UInt8])
        /// Closes the connection after the first part of the request's body, with no reply.
        case closeMidBody
        /// Reads the request, then sends a 200's head and part of its body and closes.
        case closeMidResponse

        /// 200 with an empty body: every span accepted.
        public static let ok = Reply.respond(.ok)

        /// True for the replies that answer with a 2xx once the request is read.
        public var answersSuccess: Bool {
            switch self {
            case .respond(let status, _, _), .endless(let status, _): return (200..<300).contains(status.code)
            case .delayed(_, let reply): return reply.answersSuccess
            case .hang, .closeMidBody, .closeMidResponse: return false
            }
        }
    }
}
