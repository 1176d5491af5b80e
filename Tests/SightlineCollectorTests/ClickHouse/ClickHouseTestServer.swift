import Foundation
import Sightline
import Testing
@testable import SightlineCollector

/// The ClickHouse server the ClickHouse store's tests write to: `SIGHTLINE_TEST_CLICKHOUSE`
/// (`http://127.0.0.1:PORT`), which Scripts/test.sh points at the chdb front it starts
/// (ClickHouse/chdb_http.py), and which can point at a real server
/// (`http://user:password@host:8123`).
///
/// Without that variable the ClickHouse tests are skipped on a developer machine, and fail
/// under CI (`CI` set), so a broken setup never passes silently.
enum ClickHouseTestServer {
    static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment["SIGHTLINE_TEST_CLICKHOUSE"], !url.isEmpty else { return nil }
        return url
    }()

    static let isRequired: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }()

    /// True when the ClickHouse tests should run: a server is configured, or CI demands one.
    static var shouldRun: Bool { url != nil || isRequired }

    static let skipReason: Comment = "SIGHTLINE_TEST_CLICKHOUSE is not set; Scripts/test.sh starts a ClickHouse (chdb) front and sets it"

    /// The address of a new database on the test server, unique to the caller.
    static func freshAddress() throws -> ClickHouseAddress {
        let url = try #require(url, "SIGHTLINE_TEST_CLICKHOUSE is not set: run the tests through Scripts/test.sh")
        let name = "sightline_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return try ClickHouseAddress(parsing: url.hasSuffix("/") ? url + name : url + "/" + name)
    }
}

/// A ClickHouse database of its own for one test, dropped when the value goes away.
final class TemporaryClickHouseDatabase: Sendable {
    let address: ClickHouseAddress

    init() throws {
        address = try ClickHouseTestServer.freshAddress()
    }

    deinit {
        var server = address
        server.database = "default"
        _ = try? ClickHouseConnection(address: server).execute("DROP DATABASE IF EXISTS \(address.database) SYNC")
    }

    func store(pendingPatchLifetime: Duration = .seconds(3600), modelPrices: ModelPrices = .builtIn,
               clock: @escaping @Sendable () -> Timestamp = Timestamp.now) throws -> ClickHouseTraceStore {
        try ClickHouseTraceStore(address: address,
                                 options: .init(pendingPatchLifetime: pendingPatchLifetime, modelPrices: modelPrices),
                                 clock: clock)
    }
}

/// Which store a parameterised test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case clickHouse

    var testDescription: String { rawValue }

    /// The stores a test runs on: SQLite always; ClickHouse when a server is configured or CI demands one.
    static var available: [StoreKind] {
        ClickHouseTestServer.shouldRun ? [.sqlite, .clickHouse] : [.sqlite]
    }
}

/// A fresh store of one kind, and what keeps its storage alive (a temporary file or database).
struct FreshStore: Sendable {
    let store: any TraceStoring
    private let storage: any Sendable

    init(_ kind: StoreKind, pendingPatchLifetime: Duration = .seconds(3600),
         clock: @escaping @Sendable () -> Timestamp = Timestamp.now) throws {
        switch kind {
        case .sqlite:
            let database = try TemporaryDatabase()
            store = try TraceStore(path: database.path, pendingPatchLifetime: pendingPatchLifetime, readOnly: false, clock: clock)
            storage = database
        case .clickHouse:
            let database = try TemporaryClickHouseDatabase()
            store = try database.store(pendingPatchLifetime: pendingPatchLifetime, clock: clock)
            storage = database
        }
    }
}
