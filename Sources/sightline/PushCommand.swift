import ArgumentParser
import Foundation
import Sightline
import SightlineOTLP

/// `sightline push`: attach metadata or labels to a finished trace, as an application would
/// with ``SightlineClient``.
struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach metadata or labels to a trace that has ended.",
        discussion: """
            Examples:
              sightline push 4bf92f3577b34da6a3ce929d0e0e4736 score=0.92 feedback=helpful
              sightline push 4bf92f35-77b3-4da6-a3ce-929d0e0e4736 --label reviewed
            Values that read as numbers, true, false or null are sent as such; anything else as text.
            """)

    @Argument(help: "The trace id: 32 hex digits or a UUID.") var traceId: String
    @Argument(help: "Metadata as key=value pairs.") var metadata: [String] = []
    @Option(help: "A label to add. Repeatable.") var label: [String] = []
    @Option(help: "The collector's address.") var endpoint: String = "http://127.0.0.1:4318"
    @Option(help: "The collector's API key. Default: $SIGHTLINE_API_KEY.") var apiKey: String?

    func validate() throws {
        guard !metadata.isEmpty || !label.isEmpty else { throw ValidationError("give key=value metadata or --label") }
        for pair in metadata where !pair.contains("=") || pair.hasPrefix("=") {
            throw ValidationError("metadata must be key=value, not \(pair)")
        }
    }

    func run() async throws {
        guard let id = TraceID(hex: traceId) ?? TraceID(uuidString: traceId) else {
            throw ValidationError("\(traceId) is not a trace id (32 hex digits or a UUID)")
        }
        let key = apiKey ?? ProcessInfo.processInfo.environment["SIGHTLINE_API_KEY"]
        let client = try SightlineClient(backend: .local(baseURL: endpoint, apiKey: key))
        var values: [String: JSONValue] = [:]
        for pair in metadata {
            let separator = pair.firstIndex(of: "=")!
            values[String(pair[..<separator])] = Self.value(String(pair[pair.index(after: separator)...]))
        }
        var outcomes: [SightlineClient.PushOutcome] = []
        do {
            if !values.isEmpty { outcomes.append(try await client.pushMetadata(traceId: id, values)) }
            if !label.isEmpty { outcomes.append(try await client.addLabels(traceId: id, label)) }
        } catch {
            await client.shutdown()
            throw CommandFailure("cannot push onto trace \(id.hex): \(error)")
        }
        await client.shutdown()
        print(Self.report(outcomes, traceId: id.hex))
    }

    /// What became of the push: applied, or held by the collector until the trace arrives.
    static func report(_ outcomes: [SightlineClient.PushOutcome], traceId: String) -> String {
        for case .held(let duration) in outcomes {
            return "the collector has not received trace \(traceId) yet: it holds what was pushed and applies it "
                + "when the trace arrives" + (duration.map { ", if within \(Text.length($0))" } ?? "")
        }
        return "pushed onto trace \(traceId)"
    }

    private static func value(_ text: String) -> JSONValue {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            if let integer = Int64(text) { return .int(integer) }
            if let number = Double(text), number.isFinite { return .double(number) }
            return .string(text)
        }
    }
}
