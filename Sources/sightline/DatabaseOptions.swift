import ArgumentParser
import Sightline
import SightlineCollector

/// `--db PATH`, shared by every command that opens the store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "sightline.db"

    /// Opens the store; queries open it read-only, so a mistyped path is an error rather than a
    /// new empty database.
    func openStore(readOnly: Bool = true, modelPrices: ModelPrices = .builtIn) throws -> TraceStore {
        do {
            return try TraceStore(path: db, readOnly: readOnly, modelPrices: modelPrices)
        } catch {
            throw CommandFailure("cannot open the database at \(db): \(error)")
        }
    }
}
