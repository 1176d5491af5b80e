import Sightline

extension SightlineClient {
    /// What the backend did with metadata or labels pushed onto a trace.
    public enum PushOutcome: Sendable, Hashable {
        /// The trace carries them now.
        case applied
        /// The backend has not received the trace yet: it holds the push and applies it when
        /// the trace arrives, if that is within `duration` (nil when the backend did not say).
        /// Only the local collector answers so (HTTP 202); it holds pushes an hour by default.
        case held(for: Duration?)

        /// The outcome a successful (2xx) reply describes.
        init(status: Int, body: [UInt8]) {
            guard status == 202 else {
                self = .applied
                return
            }
            var seconds: Int64?
            if case .object(let reply)? = try? JSONValue(parsing: body), case .int(let value)? = reply["heldForSeconds"] {
                seconds = value
            }
            self = .held(for: seconds.map { .seconds($0) })
        }
    }
}
