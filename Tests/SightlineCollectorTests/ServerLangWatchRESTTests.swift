import Sightline
import SightlineCollector
import Testing

/// LangWatch's REST collector route, with the example from LangWatch's own guide.
@Suite(.timeLimit(.minutes(1)))
struct ServerLangWatchRESTTests {
    @Test func theGuidesRESTExampleIsStoredAndQueryable() async throws {
        try await withCollectorRoutes(apiKey: "lw-local-key") { collector in
            // As the guide's cURL sends it: X-Auth-Token and a JSON body, unchanged.
            let reply = try await collector.send(.POST, "/api/collector",
                                       headers: [("X-Auth-Token", "lw-local-key"), jsonContent],
                                       body: json(LangWatchRESTFixtures.documentationExample))
            #expect(reply.status == 200, "\(reply.text)")
            #expect(try reply.decoded(IngestSummary.self) == IngestSummary(storedSpans: 1, newTraces: 1))

            let auth = [("X-Auth-Token", "lw-local-key")]
            for query in ["user=user-123", "thread=conversation-456", "customer=customer-789", "label=production",
                          "label=premium", "meta=any_custom_field=any%20value"] {
                let found = try await collector.send(.GET, "/api/traces?" + query, headers: auth)
                #expect(try found.decoded([TraceSummary].self).map(\.traceId) == ["trace-123"], "\(query)")
            }
            // `since`: RFC 3339, Unix seconds, or a span back from now; the trace started at 1699900000 s.
            for (since, found) in [("2023-11-13T18:26:40Z", true), ("2023-11-13T18:26:40.001Z", false), ("1699899999.5", true),
                                   ("1699900001", false), ("1h", false), ("36500d", true),
                                   ("1e300d", true), ("213503d", true)] {
                let reply = try await collector.send(.GET, "/api/traces?since=" + since, headers: auth)
                #expect(try reply.decoded([TraceSummary].self).count == (found ? 1 : 0), "since=\(since)")
            }
            let summary = try await collector.send(.GET, "/api/traces?user=user-123", headers: auth)
                .decoded([TraceSummary].self).first
            #expect(summary?.threadId == "conversation-456" && summary?.customerId == "customer-789")
            #expect(Set(summary?.labels ?? []) == ["production", "premium"])
            #expect(summary?.metadata == ["any_custom_field": "any value"])

            let detail = try await collector.send(.GET, "/api/traces/trace-123", headers: auth).decoded(TraceDetail.self)
            let span = try #require(detail.spans.first?.span)
            #expect(span.spanId == "span-456" && span.name == "chat-completion" && span.type == .llm && span.model == "gpt-4")
            #expect(span.startTime == Timestamp(millisecondsSinceEpoch: 1_699_900_000_000))
            #expect(span.endTime == Timestamp(millisecondsSinceEpoch: 1_699_900_001_000))

            let turns = try await collector.send(.GET, "/api/threads/conversation-456", headers: auth)
                .decoded([ConversationTurn].self)
            #expect(turns.count == 1 && turns.first?.traceId == "trace-123")
            #expect(turns.first.map { ($0.input, $0.output) }.map { "\($0 ?? "")|\($1 ?? "")" } == "Hello|Hi there!")
            let users = try await collector.send(.GET, "/api/users", headers: auth).decoded([UserSummary].self)
            #expect(users.map(\.userId) == ["user-123"])
        }
    }

    @Test func aBodyThatIsNotALangWatchTraceIsA400ThatSaysWhy() async throws {
        try await withCollectorRoutes { collector in
            let missing = try await collector.send(.POST, "/api/collector", headers: [jsonContent],
                                         body: json(#"{"spans": []}"#))
            #expect(missing.status == 400)
            #expect(missing.message?.contains("trace_id") == true, "\(missing.text)")
            let notJSON = try await collector.send(.POST, "/api/collector", headers: [jsonContent],
                                         body: json("{\"trace_id\": "))
            #expect(notJSON.status == 400)
            #expect(try collector.store.statistics().traceCount == 0)
        }
    }
}
