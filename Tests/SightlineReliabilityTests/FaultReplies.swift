import NIOHTTP1
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting

/// The faults an OTLP/HTTP receiver answers with, in the receiver's replies.
extension FakeOTLPReceiver.Reply {
    /// 503, with `Retry-After` when given.
    static func serviceUnavailable(retryAfter: String?) -> Self {
        .respond(.serviceUnavailable, headers: retryAfter.map { ["Retry-After": $0] } ?? [:], body: Array("overloaded".utf8))
    }

    /// 429, with `Retry-After` when given.
    static func tooManyRequests(retryAfter: String?) -> Self {
        .respond(.tooManyRequests, headers: retryAfter.map { ["Retry-After": $0] } ?? [:], body: Array("slow down".utf8))
    }

    /// 400 with `message` as a plain-text body.
    static func badRequest(_ message: String) -> Self {
        .respond(.badRequest, headers: ["Content-Type": "text/plain"], body: Array(message.utf8))
    }

    /// 200 with an `ExportTraceServiceResponse` whose partial success rejected spans.
    static func partialSuccess(rejected: UInt64, message: String) -> Self {
        .respond(.ok, headers: ["Content-Type": "application/x-protobuf"],
                 body: WireBytes.partialSuccessResponse(rejected: rejected, message: message))
    }
}

extension FakeOTLPReceiver {
    /// Span ids of every request answered with a 2xx, repeats kept, so that a test can check
    /// that each span arrived exactly once.
    var acceptedSpanIds: [SpanID] {
        requests.filter(\.reply.answersSuccess).flatMap { request in
            (try? OTLPProtobufDecoder().decode(request.body))?.spans.map(\.spanId) ?? []
        }
    }

    /// Whole requests whose body was not a binary OTLP request.
    var undecodableRequests: Int {
        requests.count { (try? OTLPProtobufDecoder().decode($0.body)) == nil }
    }
}
