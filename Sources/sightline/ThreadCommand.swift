import ArgumentParser
import SightlineCollector

/// `sightline thread ID`: a thread read as the conversation it was.
struct ShowThread: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread", abstract: "Show a thread as a conversation: each turn's input and output, in order.")

    @Argument(help: "The thread (conversation, session) id.") var id: String
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let turns = try database.openStore().thread(id: id)
        if output.json { try output.printJSON(turns) } else { print(ConversationView.render(threadId: id, turns)) }
    }
}
