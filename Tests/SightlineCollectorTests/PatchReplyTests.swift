import Foundation
import Testing
@testable import SightlineCollector

/// The post-hoc routes' reply says how long a pending patch is held, in whole seconds.
struct PatchReplyTests {
    private func json(_ reply: PatchReply) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(reply), as: UTF8.self)
    }

    @Test func aPendingPatchSaysHowLongItIsHeldRoundedUp() throws {
        #expect(try json(PatchReply(.pending, traceId: "t", pendingPatchLifetime: .seconds(3600)))
            == #"{"heldForSeconds":3600,"status":"pending","traceId":"t"}"#)
        #expect(try json(PatchReply(.pending, traceId: "t", pendingPatchLifetime: .milliseconds(1500)))
            == #"{"heldForSeconds":2,"status":"pending","traceId":"t"}"#)
        #expect(try json(PatchReply(.pending, traceId: "t", pendingPatchLifetime: .milliseconds(10)))
            == #"{"heldForSeconds":1,"status":"pending","traceId":"t"}"#)
    }

    @Test func anAppliedPatchHasNoHoldingTime() throws {
        #expect(try json(PatchReply(.applied, traceId: "t", pendingPatchLifetime: .seconds(3600)))
            == #"{"status":"applied","traceId":"t"}"#)
    }
}
