import Sightline
import SightlineCollector
import SightlineTesting
import Testing

struct LangWatchRESTRequestTests {
    private func spans(_ body: String) throws -> [CollectedSpan] {
        try LangWatchCollectorRequest.spans(fromJSON: Array(body.utf8))
    }

    @Test func documentationExampleReadsAsOneLLMSpan() throws {
        let spans = try spans(LangWatchRESTFixtures.documentationExample)
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.traceId == "trace-123" && span.spanId == "span-456" && span.parentSpanId == nil)
        #expect(span.name == "chat-completion" && span.type == .llm && span.model == "gpt-4")
        #expect(span.input == "Hello" && span.output == "Hi there!")
        #expect(span.startTime == Timestamp(millisecondsSinceEpoch: 1_699_900_000_000))
        #expect(span.endTime == Timestamp(millisecondsSinceEpoch: 1_699_900_001_000))
        #expect(span.userId == "user-123" && span.threadId == "conversation-456" && span.customerId == "customer-789")
        #expect(span.labels == ["production", "premium"])
        #expect(span.metadata == ["any_custom_field": "any value"])
        #expect(!span.isError && span.attributes.isEmpty)
    }

    @Test func everyMappedFieldIsRead() throws {
        let spans = try spans(LangWatchRESTFixtures.fullRequest)
        let root = try #require(spans.first { $0.spanId == "root" })
        let call = try #require(spans.first { $0.spanId == "call" })
        // A 32-hex-digit id is stored in canonical lowercase form.
        #expect(Set(spans.map(\.traceId)) == ["0123456789abcdef0123456789abcdef"])
        #expect(root.type == .workflow && root.name == "answer" && root.input == "What is 2+2?" && root.output == "4")
        #expect(call.parentSpanId == "root" && call.type == .llm && call.name == "gpt-4o-mini")
        #expect(call.provider == "openai")
        #expect(call.input == #"[{"content":"What is 2+2?","role":"user"}]"#)
        #expect(call.output.map(ContentText.readable) == "4")
        #expect(call.inputTokens == 11 && call.outputTokens == 1 && call.cost == 0.00012)
        #expect(call.firstTokenTime == Timestamp(nanosecondsSinceEpoch: 1_699_900_000_500_500_000))
        #expect(call.isError && call.statusMessage == "rate limited")
        #expect(call.attributes["params"] == ["temperature": 0.2, "stream": true])
        #expect(call.attributes["error"]?.description.contains("at call()") == true)
        for span in spans {
            #expect(span.userId == "u-9" && span.labels == ["eval"])
            // A null metadata value means "not set" in LangWatch's REST API.
            #expect(span.metadata == ["score": 0.75, "flags": ["beta": true]])
        }
    }

    @Test(arguments: [
        ("not json", "the body is not JSON"),
        ("[]", "the body must be a JSON object"),
        (#"{"spans": []}"#, "trace_id is missing"),
        (#"{"trace_id": 5, "spans": []}"#, "trace_id must be a non-empty string"),
        (#"{"trace_id": "t"}"#, "spans is missing"),
        (#"{"trace_id": "t", "spans": {}}"#, "spans must be an array"),
        (#"{"trace_id": "t", "spans": []}"#, "spans is empty"),
        (#"{"trace_id": "t", "spans": [1]}"#, "spans[0] must be an object"),
        (#"{"trace_id": "t", "spans": [{"timestamps": {"started_at": 1, "finished_at": 2}}]}"#,
         "spans[0].span_id is missing"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s"}]}"#, "spans[0].timestamps is missing"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"finished_at": 2}}]}"#,
         "spans[0].timestamps.started_at is missing"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"started_at": -1, "finished_at": 2}}]}"#,
         "spans[0].timestamps.started_at must be epoch milliseconds"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"started_at": "x", "finished_at": 2}}]}"#,
         "spans[0].timestamps.started_at must be epoch milliseconds"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "input": "hi", "timestamps": {"started_at": 1, "finished_at": 2}}]}"#,
         "spans[0].input must be an object"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "input": {"type": "text"}, "timestamps": {"started_at": 1, "finished_at": 2}}]}"#,
         "spans[0].input.value is missing"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "metrics": {"prompt_tokens": 1.5}, "timestamps": {"started_at": 1, "finished_at": 2}}]}"#,
         "spans[0].metrics.prompt_tokens must be a non-negative whole number"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "trace_id": "other", "timestamps": {"started_at": 1, "finished_at": 2}}]}"#,
         "differs from the request's trace_id"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"started_at": 1, "finished_at": 2}}], "metadata": []}"#,
         "metadata must be an object"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"started_at": 1, "finished_at": 2}}], "metadata": {"labels": "x", "user_id": {}}}"#,
         "metadata.user_id must be a string"),
        (#"{"trace_id": "t", "spans": [{"span_id": "s", "timestamps": {"started_at": 1, "finished_at": 2}}], "metadata": {"labels": [1]}}"#,
         "metadata.labels must be an array of strings"),
    ])
    func malformedBodiesAreRefusedWithTheFieldNamed(body: String, message: String) {
        #expect {
            try spans(body)
        } throws: { error in
            (error as? LangWatchRequestError)?.message.contains(message) == true
        }
    }

    /// Random bytes, and the valid body with a few bytes changed: an error that says why, or
    /// (when the change left a valid body) exactly the spans the body lists, under its trace id.
    @Test func randomBodiesAreAnErrorOrTheSpansTheyList() {
        let seed = TestSeed()
        var generator = SeededGenerator(seed: seed.value)
        let valid = Array(LangWatchRESTFixtures.fullRequest.utf8)
        for round in 0..<3_000 {
            var bytes: [UInt8]
            if round.isMultiple(of: 2) {
                bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                // A valid body with a few bytes changed: gets past the parser far more often.
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                let spans = try LangWatchCollectorRequest.spans(fromJSON: bytes)
                #expect(Self.listed(in: bytes) == spans.map { [$0.traceId, $0.spanId] }, "\(seed): \(bytes)")
            } catch {
                #expect(!error.message.isEmpty, "\(seed): \(bytes)")
            }
        }
    }

    /// The valid body with one span's required field removed or of the wrong type: refused,
    /// naming that span and field.
    @Test func aBrokenRequiredFieldIsNamed() throws {
        let seed = TestSeed()
        var generator = SeededGenerator(seed: seed.value)
        guard case .object(let request) = try JSONValue(parsing: LangWatchRESTFixtures.fullRequest.utf8),
              case .array(let spans)? = request["spans"] else { throw LangWatchRequestError("the fixture has no spans") }
        let wrongValues: [JSONValue?] = [nil, .null, "", 7, true, ["x"], ["started_at": "soon"]]
        for _ in 0..<500 {
            let index = Int.random(in: 0..<spans.count, using: &generator)
            let field = ["span_id", "timestamps"].randomElement(using: &generator)!
            guard case .object(var span) = spans[index] else { continue }
            span[field] = wrongValues.randomElement(using: &generator)!
            var broken = spans
            broken[index] = .object(span)
            var body = request
            body["spans"] = .array(broken)
            let text = JSONValue.object(body).jsonString
            #expect("\(seed): \(text)") {
                try LangWatchCollectorRequest.spans(fromJSON: Array(text.utf8))
            } throws: { error in
                (error as? LangWatchRequestError)?.message.hasPrefix("spans[\(index)].\(field)") == true
            }
        }
    }

    /// `[trace id, span id]` of each span a body lists, read with the JSON parser alone; nil
    /// when the body has no such list.
    private static func listed(in body: [UInt8]) -> [[String]]? {
        guard case .object(let request)? = try? JSONValue(parsing: body), case .string(let traceId)? = request["trace_id"],
              case .array(let spans)? = request["spans"] else { return nil }
        return spans.map { span in
            guard case .object(let fields) = span, case .string(let spanId)? = fields["span_id"] else { return [] }
            return [TraceIdentifier.canonical(traceId), spanId]
        }
    }
}
