import Foundation
import Sightline
import SightlineCollector
import Testing
@testable import sightline

@Suite("sightline views")
struct CommandLineViewTests {
    private func span(_ id: String, parent: String?, name: String, start: UInt64, end: UInt64,
                      type: SpanType = .span, input: String? = nil, output: String? = nil) -> CollectedSpan {
        CollectedSpan(traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: id, parentSpanId: parent, name: name, type: type,
                      startTime: Timestamp(millisecondsSinceEpoch: start), endTime: Timestamp(millisecondsSinceEpoch: end),
                      input: input, output: output, model: type == .llm ? "gpt-4o" : nil,
                      inputTokens: type == .llm ? 12 : nil, outputTokens: type == .llm ? 3 : nil,
                      userId: "user-1", threadId: "thread-1", labels: ["beta"])
    }

    /// A span's input and output start where its name does, and its children's branches start
    /// there too: a child is never to the left of the details printed above it.
    @Test("trace tree: guides continue only where a sibling follows; details align with the children")
    func traceTree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TraceStore(path: directory.appendingPathComponent("t.db").path)
        _ = try store.ingest([
            span("a000000000000001", parent: nil, name: "root", start: 1_000, end: 1_500, type: .workflow, input: "hello"),
            span("a000000000000002", parent: "a000000000000001", name: "agent", start: 1_010, end: 1_300, type: .agent,
                 input: "plan the answer", output: "call the tool"),
            span("a000000000000003", parent: "a000000000000002", name: "llm", start: 1_020, end: 1_100, type: .llm),
            span("a000000000000004", parent: "a000000000000002", name: "tool", start: 1_110, end: 1_200, type: .tool,
                 output: "shipped"),
            span("a000000000000005", parent: "a000000000000001", name: "reply", start: 1_310, end: 1_400),
        ])
        let detail = try #require(try store.trace(id: "4bf92f3577b34da6a3ce929d0e0e4736"))
        let lines: [String] = TraceTreeView.render(detail).split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("root") }.map(String.init)
        let expected: [String] = [
            "root  workflow  500 ms",
            "in:  hello",
            "├─ agent  agent  290 ms",
            "│  in:  plan the answer",
            "│  out: call the tool",
            "│  ├─ llm  llm  80 ms  gpt-4o  tokens 12→3  $0.000060 (from price)",
            "│  └─ tool  tool  90 ms",
            "│     out: shipped",
            "└─ reply  span  90 ms",
        ]
        #expect(lines == expected)
        let header = TraceTreeView.render(detail)
        #expect(header.contains("user user-1  thread thread-1"))
        #expect(header.contains("labels beta"))
    }

    @Test("trace tree: a retrieval's documents are shown with id, score and the start of the content")
    func retrievedDocuments() throws {
        var retrieval = span("a000000000000001", parent: nil, name: "retrieve", start: 1_000, end: 1_040, type: .rag,
                             input: "refund?")
        let long = "Refunds are processed within five business days of receiving the returned item, "
            + "provided it is unused and in its original packaging."
        retrieval.attributes["gen_ai.retrieval.documents"] = .string(
            #"[{"id":"refund-policy","content":"\#(long)","score":0.92},{"id":"faq-7","content":"See the FAQ."}]"#)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TraceStore(path: directory.appendingPathComponent("t.db").path)
        _ = try store.ingest([retrieval])
        let detail = try #require(try store.trace(id: "4bf92f3577b34da6a3ce929d0e0e4736"))
        let lines = TraceTreeView.render(detail).split(separator: "\n").drop { !$0.hasPrefix("retrieve") }.map(String.init)
        #expect(lines == [
            "retrieve  rag  40 ms",
            "in:  refund?",
            "doc: refund-policy  score 0.920  " + String(long.prefix(79)) + "…",
            "doc: faq-7  See the FAQ.",
        ])
    }

    @Test("--since reads durations back from now and ISO 8601 dates")
    func since() throws {
        let twoHours = try #require(TimeBound(argument: "2h")).timestamp.nanosecondsSinceEpoch
        let expected = Timestamp.now().nanosecondsSinceEpoch - 7_200_000_000_000
        #expect(twoHours <= expected)
        #expect(twoHours > expected - 5_000_000_000)
        let midnight: Timestamp? = TimeBound(argument: "2026-11-22")?.timestamp
        #expect(midnight == Timestamp(millisecondsSinceEpoch: 1_795_305_600_000))
        let seven: Timestamp? = TimeBound(argument: "2026-11-22T07:00:00Z")?.timestamp
        #expect(seven == Timestamp(millisecondsSinceEpoch: 1_795_330_800_000))
        // Further back than the epoch (or than Double can hold) is the epoch, not a trap.
        for distant in ["213503d", "36500d", "1e300d", "inf" + "d"] {
            #expect(TimeBound(argument: distant)?.timestamp == Timestamp(nanosecondsSinceEpoch: 0), "\(distant)")
        }
        #expect(TimeBound(argument: "yesterday") == nil)
        #expect(TimeBound(argument: "-3h") == nil)
    }

    @Test("tables align numbers right and clip long cells")
    func table() {
        var table = TextTable([.init("NAME", maxWidth: 6), .init("N", alignRight: true)])
        table.append(["a-very-long-name", "7"])
        table.append(["b", "1234"])
        #expect(table.render() == "NAME       N\n──────  ────\na-ver…     7\nb       1234")
    }
}
