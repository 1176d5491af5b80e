import Foundation

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
            struct Pending: Decodable {
                var heldForSeconds: Int64?
            }
            let seconds = (try? JSONDecoder().decode(Pending.self, from: Data(body)))?.heldForSeconds
            self = .held(for: seconds.map { .seconds($0) })
        }
    }
}
