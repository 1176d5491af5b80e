import NIOHTTP1
import Sightline

/// A request the ``FakeOTLPReceiver`` read in full, and the reply it got.
public struct ReceivedRequest: Sendable {
    public var method: HTTPMethod
    public var uri: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    public var arrival: ContinuousClock.Instant
    /// The wall-clock time of arrival, to measure waits against HTTP dates.
    public var wallClockArrival: Timestamp
    public var reply: FakeOTLPReceiver.Reply
}
