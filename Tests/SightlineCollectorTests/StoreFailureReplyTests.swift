import GRDB
@testable import SightlineCollector
import Testing

/// A store failure is answered with what failed, not with the database's message or SQL.
struct StoreFailureReplyTests {
    @Test func theDatabasesTextStaysOutOfTheReply() {
        let failure = DatabaseError(resultCode: .SQLITE_ERROR, message: "Expression tree is too large (maximum depth 1000)",
                                    sql: "SELECT t.id FROM traces t WHERE EXISTS (SELECT 1 FROM trace_metadata m)")
        let reply = CollectorHTTPError.storeFailed(failure, "the query failed")
        #expect(reply.status == .internalServerError)
        #expect(reply.message == "the query failed: an internal error; the collector's log has the details")

        let busy = CollectorHTTPError.storeFailed(DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked",
                                                                sql: "INSERT INTO spans VALUES (?)"), "the spans could not be stored")
        #expect(busy.status == .serviceUnavailable && busy.headers[.retryAfter] == "1")
        #expect(busy.message == "the spans could not be stored: the database is busy, try again")
    }
}
