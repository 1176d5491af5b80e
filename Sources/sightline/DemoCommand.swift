import ArgumentParser
import ChatServiceExample
import Foundation
import Logging
import ServiceLifecycle
import Sightline
import SightlineCollector
import SightlineOTLP

/// `sightline demo`: the whole loop on one machine. A collector starts in this process on a
/// free port, the instrumented chat service sends it its traces through the real OTLP/HTTP
/// exporter, a score is pushed onto a trace afterwards, and the queries show what arrived.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the chat example against an in-process collector, then show what the queries answer.")

    @Option(help: "The SQLite database the demo fills; replaced on every run, kept afterwards for your own queries.")
    var db: String = "sightline-demo.db"

    func run() async throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try TraceStore(path: db, readOnly: false)
        let collector = CollectorServer(configuration: .init(port: 0), store: store)
        let services = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "sightline.demo")))
        let serving = Task { try await services.run() }
        let port = try await collector.boundPort()
        Self.heading("collector listening on http://127.0.0.1:\(port), storing into \(db)")

        let sightline = try Sightline.bootstrap(.local(port: port, serviceName: "chat-service"))
        Self.heading("the chat service handles \(ChatScript.conversations.map(\.messages.count).reduce(0, +)) messages (one trace each)")
        let traceIds = try await ChatScript.run(ChatService()) { turn, message, reply in
            print("[\(turn.userId) · \(turn.threadId)] \(message)\n    → \(reply.text)   trace \(reply.traceId.hex)")
        }

        // Feedback arrives after the answer: pushed while the trace may still sit in the export
        // queue, so the collector keeps it until the trace arrives.
        let scored = traceIds[0]
        let client = try SightlineClient(backend: .local(port: port))
        try await client.pushMetadata(traceId: scored, ["score": 0.92, "feedback": "solved my problem"])
        try await client.addLabels(traceId: scored, ["reviewed"])
        await client.shutdown()
        print("pushed score 0.92 and label \"reviewed\" onto trace \(scored.hex)")
        await sightline.flush()
        await sightline.shutdown(timeout: .seconds(10))

        let first = ChatScript.conversations[0]
        try Self.show("sightline users", UserListView.render(store.users()))
        try Self.show("sightline traces --user \(first.userId)", TraceListView.render(store.traces(TraceFilter(userId: first.userId))))
        try Self.show("sightline thread \(first.threadId)", ConversationView.render(threadId: first.threadId, store.thread(id: first.threadId)))
        try Self.show("sightline traces --label billing", TraceListView.render(store.traces(TraceFilter(label: "billing"))))
        try Self.show("sightline traces --customer \(first.customerId)", TraceListView.render(store.traces(TraceFilter(customerId: first.customerId))))
        try Self.show("sightline traces --meta 'score>0.8'",
                      TraceListView.render(store.traces(TraceFilter(metadata: [MetadataCondition(parsing: "score>0.8")]))))
        for traceId in [scored, traceIds[1]] {
            guard let detail = try store.trace(id: traceId.hex) else { continue }
            Self.show("sightline trace \(traceId.hex)", TraceTreeView.render(detail))
        }

        await services.triggerGracefulShutdown()
        try await serving.value
        Self.heading("done: the traces stay in \(db); try `swift run sightline traces --db \(db) --label production`")
    }

    private static func heading(_ text: String) {
        print("\n== \(text)")
    }

    private static func show(_ command: String, _ output: String) {
        heading("$ \(command)")
        print(output)
    }
}
