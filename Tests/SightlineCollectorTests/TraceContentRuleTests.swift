import Sightline
import SightlineTesting
import Testing
@testable import SightlineCollector

/// A trace's input and output, and so a thread's turns: the root's when set; otherwise the
/// first LLM span's input and the last-ending LLM span's output; only with no LLM span, the
/// first and last span with content. Whatever order and batching the spans arrive in.
@Suite struct TraceContentRuleTests {
    /// An agent turn: retrieval, the model call, then a tool that ends after the model did.
    /// The root carries no content of its own.
    static func agentTurn(_ trace: String, thread: String, question: String, answer: String) -> [CollectedSpan] {
        [
            makeSpan(trace: trace, span: "\(trace)-root", name: "handle", type: .workflow, start: 0, end: 100,
                     userId: "ana", threadId: thread),
            makeSpan(trace: trace, span: "\(trace)-rag", parent: "\(trace)-root", type: .rag, start: 1, end: 10,
                     input: #""search: \#(question)""#, output: #"["doc-1"]"#),
            makeSpan(trace: trace, span: "\(trace)-llm", parent: "\(trace)-root", type: .llm, start: 11, end: 60,
                     input: #"[{"role":"system","content":"Be brief."},{"role":"user","content":"\#(question)"}]"#,
                     output: #""\#(answer)""#),
            makeSpan(trace: trace, span: "\(trace)-tool", parent: "\(trace)-root", type: .tool, start: 61, end: 90,
                     input: #"{"order":"42"}"#, output: #""shipped""#),
        ]
    }

    @Test func theModelsAnswerNotTheToolsResultIsTheTurnsOutput() throws {
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(Self.agentTurn("t1", thread: "th", question: "Where is my order?", answer: "It left today."))
        let summary = try #require(try store.trace(id: "t1")).summary
        #expect(summary.output.map(ContentText.readable) == "It left today.")
        #expect(summary.input.map(ContentText.readable) == "Where is my order?")
        let turns = try store.thread(id: "th")
        #expect(turns.map(\.output) == ["It left today."])
        #expect(turns.map(\.input) == ["Where is my order?"])
    }

    @Test(arguments: 0..<12)
    func anyArrivalOrderAndBatchingGivesTheSameTurns(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let spans = (0..<3).flatMap { index in
            Self.agentTurn("t\(index)", thread: "th", question: "q\(index)", answer: "a\(index)")
        }
        let database = try TemporaryDatabase()
        let store = try database.store()
        var remaining = spans.shuffled(using: &generator)
        while !remaining.isEmpty {
            let size = Int.random(in: 1...4, using: &generator)
            try store.ingest(Array(remaining.prefix(size)))
            remaining.removeFirst(min(size, remaining.count))
        }
        let turns = try store.thread(id: "th")
        #expect(turns.map(\.input) == ["q0", "q1", "q2"], "seed \(seed)")
        #expect(turns.map(\.output) == ["a0", "a1", "a2"], "seed \(seed)")
    }

    @Test func theRootsOwnContentWins() throws {
        var spans = Self.agentTurn("t1", thread: "th", question: "q", answer: "a")
        spans[0].input = #""the request""#
        spans[0].output = #""the reply""#
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(spans)
        #expect(try store.thread(id: "th").map(\.input) == ["the request"])
        #expect(try store.thread(id: "th").map(\.output) == ["the reply"])
    }

    @Test func withTwoModelCallsTheFirstAsksAndTheLastEndingAnswers() throws {
        var spans = Self.agentTurn("t1", thread: "th", question: "first question", answer: "draft")
        spans.append(makeSpan(trace: "t1", span: "t1-llm2", parent: "t1-root", type: .llm, start: 91, end: 99,
                              input: #"[{"role":"user","content":"follow-up"}]"#, output: #""final answer""#))
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(spans)
        let summary = try #require(try store.trace(id: "t1")).summary
        #expect(summary.input.map(ContentText.readable) == "first question")
        #expect(summary.output.map(ContentText.readable) == "final answer")
    }

    @Test func withNoLLMSpanTheFirstAndLastSpansWithContentAreUsed() throws {
        let spans = Self.agentTurn("t1", thread: "th", question: "q", answer: "a").filter { $0.type != .llm }
        let database = try TemporaryDatabase()
        let store = try database.store()
        try store.ingest(spans)
        let summary = try #require(try store.trace(id: "t1")).summary
        #expect(summary.input.map(ContentText.readable) == "search: q")
        #expect(summary.output.map(ContentText.readable) == "shipped")
    }
}
