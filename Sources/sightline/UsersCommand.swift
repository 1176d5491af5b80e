import ArgumentParser
import SightlineCollector

/// `sightline users`: per-user totals.
struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Per user: traces, threads, tokens, cost, errors and when last seen.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let users = try database.openStore().users()
        if output.json { try output.printJSON(users) } else { print(UserListView.render(users)) }
    }
}
