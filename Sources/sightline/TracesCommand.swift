import ArgumentParser
import SightlineCollector

/// `sightline traces`: traces that match every filter given, newest first.
struct Traces: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List traces by user, thread, customer, label, metadata or evaluation.",
        discussion: """
            Examples:
              sightline traces --user user-42
              sightline traces --label billing --since 2h
              sightline traces --meta plan=pro --meta 'score>0.8' --json
              sightline traces --eval 'faithfulness<0.5' --eval toxicity=fail

            An --eval condition is met when any evaluation of that name meets it (a trace keeps \
            every evaluation its spans recorded or that was pushed); --meta and --eval take at \
            most 20 conditions together.
            """)

    @Option(help: "Only traces of this user.") var user: String?
    @Option(help: "Only traces of this thread (conversation).") var thread: String?
    @Option(help: "Only traces of this customer.") var customer: String?
    @Option(help: "Only traces with this label.") var label: String?
    // Read while the arguments are parsed, so that a malformed condition is answered with this
    // command's usage, not the top-level one.
    @Option(help: "A custom metadata condition: key=value (exact), or key>n, key>=n, key<n, key<=n. Repeatable.",
            transform: { text in
                do { return try MetadataCondition(parsing: text) } catch { throw ValidationError("\(error)") }
            })
    var meta: [MetadataCondition] = []
    @Option(help: ArgumentHelp(
                "An evaluation condition: name<n, name<=n, name>n, name>=n, name=n or name!=n (its score), "
                    + "or name=label, name!=label (its label). Repeatable.",
                valueName: "condition"),
            transform: { text in
                do { return try EvaluationCondition(parsing: text) } catch { throw ValidationError("\(error)") }
            })
    var eval: [EvaluationCondition] = []
    @Option(help: "Only traces started since then: 30m, 2h, 7d, or an ISO 8601 date or time.") var since: TimeBound?
    @Option(help: "At most this many traces.") var limit: Int = 50
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        var filter = TraceFilter(userId: user, threadId: thread, customerId: customer, label: label,
                                 metadata: meta, since: since?.timestamp, limit: limit)
        filter.evaluations = eval
        let traces = try database.openStore().traces(filter)
        if output.json { try output.printJSON(traces) } else { print(TraceListView.render(traces)) }
    }
}
