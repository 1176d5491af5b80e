import ArgumentParser
import Foundation
import Sightline
import SightlineCollector

/// `--db PATH` (SQLite) or `--store ADDRESS` (ClickHouse), shared by every command that opens
/// the store. Without either, `SIGHTLINE_STORE`; without that, `sightline.db`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (default: sightline.db).")
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "The store: clickhouse://user:password@host:8123/database for ClickHouse, or a SQLite file path. Default: $SIGHTLINE_STORE.",
        valueName: "address"))
    var store: String?

    func validate() throws {
        if db != nil, store != nil { throw ValidationError("give --db or --store, not both") }
    }

    /// Which store the options name.
    enum Choice {
        case sqlite(path: String)
        case clickHouse(ClickHouseAddress)
    }

    func choice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Choice {
        if let db { return .sqlite(path: db) }
        let given = store ?? environment["SIGHTLINE_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let given else { return .sqlite(path: "sightline.db") }
        let scheme = given.prefix { $0 != ":" }.lowercased()
        guard given.contains("://"), ["clickhouse", "clickhouses", "http", "https"].contains(scheme) else {
            return .sqlite(path: given)
        }
        do {
            return .clickHouse(try ClickHouseAddress(parsing: given))
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    /// Where traces are stored, for messages (never the password).
    var description: String {
        switch try? choice() {
        case .clickHouse(let address)?: return "ClickHouse at \(address)"
        case .sqlite(let path)?: return path
        case nil: return store ?? db ?? "sightline.db"
        }
    }

    /// Opens the store; queries open it read-only, so a mistyped path or database is an error
    /// rather than a new empty store. `retention` (a TTL) is a ClickHouse store's option only.
    func openStore(readOnly: Bool = true, modelPrices: ModelPrices = .builtIn,
                   retention: Duration? = nil) throws -> any TraceStoring {
        switch try choice() {
        case .sqlite(let path):
            if retention != nil {
                throw CommandFailure("--retention-days applies to a ClickHouse store (--store clickhouse://...); the SQLite store keeps traces until you delete its file")
            }
            do {
                return try TraceStore(path: path, readOnly: readOnly, modelPrices: modelPrices)
            } catch {
                throw CommandFailure("cannot open the database at \(path): \(error)")
            }
        case .clickHouse(let address):
            do {
                return try ClickHouseTraceStore(address: address,
                                                options: .init(modelPrices: modelPrices, retention: retention, readOnly: readOnly))
            } catch {
                throw CommandFailure("cannot open the ClickHouse store at \(address): \(error)")
            }
        }
    }
}
