import NIOHTTP1
import Sightline

/// A request the ``FakeOTLPReceiver`` read in full, and the reply it got.
public struct ReceivedRequest: Sendable {
    public var method: HTTPMethod
    /// The request target: path and query, as sent.
    public var uri: String
    public var headers: HTTPHeaders
    /// The body as received (still compressed when the sender compressed it).
    public var body: [UInt8]
    /// When the request's end arrived.
    public var arrival: ContinuousClock.Instant
    /// The wall-clock time of arrival, to measure waits against HTTP dates.
    public var wallClockArrival: Timestamp
    /// What the receiver answered, or did instead of answering.
    public var reply: FakeOTLPReceiver.Reply
}
