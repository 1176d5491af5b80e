import ArgumentParser
import SightlineCollector

/// `sightline trace ID`: one trace as a span tree.
struct ShowTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show one trace: its metadata and evaluations, then a tree of spans with durations, types, models, tokens and cost.")

    @Argument(help: "The trace id: 32 hex digits, a UUID, or a REST sender's own id.") var id: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let detail = try database.openStore().trace(id: id, spanOffset: 0, spanLimit: .max) else {
            throw CommandFailure("no trace \(id) in \(database.description)")
        }
        if output.json { try output.printJSON(detail) } else { print(TraceTreeView.render(detail)) }
    }
}
