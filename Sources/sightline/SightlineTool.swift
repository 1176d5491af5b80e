import ArgumentParser

/// `sightline`: the local collector and the questions it answers.
@main
struct SightlineTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sightline",
        abstract: "Receive, store and query LLM traces on your own machine.",
        discussion: """
            `sightline serve` receives OTLP/HTTP (protobuf or JSON) and LangWatch REST traces and stores them \
            in SQLite; the query commands read the same database, also while `serve` runs. \
            `sightline demo` shows it all in one run.
            """,
        subcommands: [Serve.self, Demo.self, Traces.self, ShowTrace.self, ShowThread.self, Users.self, Push.self])
}
