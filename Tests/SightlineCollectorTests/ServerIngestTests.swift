import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import Testing

/// The whole path: the tracing API, the real OTLP/HTTP exporter, the server, the store, and
/// the JSON query API.
@Suite(.timeLimit(.minutes(2)))
struct ServerIngestTests {
    typealias Chat = NormalizationConventionTests

    private func traces(_ collector: RunningCollector, _ query: String) async throws -> [TraceSummary] {
        let reply = try await send(.GET, collector.baseURL + "/api/traces?" + query)
        try #require(reply.status == 200, "\(query): \(reply.text)")
        return try reply.decoded([TraceSummary].self)
    }

    @Test(arguments: Convention.allCases)
    func anSDKTraceSentThroughTheExporterIsQueryable(convention: Convention) async throws {
        try await withCollector { collector in
            let sightline = sdk(sendingTo: collector, conventions: [convention])
            await Chat.recordChat(sightline)
            await sightline.flush()
            #expect(sightline.diagnostics.value(of: .spansExported) == 4)
            await sightline.shutdown()

            let byUser = try await traces(collector, "user=u-1")
            try #require(byUser.count == 1)
            let summary = byUser[0]
            #expect(summary.name == "handle-message" && summary.spanCount == 4 && summary.errorCount == 1)
            #expect(summary.serviceName == "chat-service")
            #expect(summary.inputTokens == 12 && summary.outputTokens == 5)
            #expect(try await traces(collector, "thread=conv-9").map(\.traceId) == [summary.traceId])
            #expect(try await traces(collector, "user=someone-else").isEmpty)

            // Customer, labels, custom metadata and cost: GenAI has no keys for them, so with GenAI
            // alone they travel under Sightline's own keys.
            #expect(summary.customerId == "acme")
            #expect(Set(summary.labels) == ["production", "exp"])
            #expect(summary.metadata["variant"] == "B" && summary.cost == 0.0002)
            for query in ["customer=acme", "label=production", "label=exp", "meta=variant=B", "meta=score%3E0.8",
                          "meta=attempt%3E%3D2&label=production&user=u-1"] {
                #expect(try await traces(collector, query).map(\.traceId) == [summary.traceId], "\(query)")
            }
            #expect(try await traces(collector, "meta=score%3E0.95").isEmpty)
            #expect(try await traces(collector, "label=staging").isEmpty)

            let detail = try await send(.GET, collector.baseURL + "/api/traces/" + summary.traceId).decoded(TraceDetail.self)
            #expect(detail.spans.map(\.span.name) == ["handle-message", "retrieve-documents", "chat", "weather"])
            let chat = try #require(detail.spans.first { $0.span.name == "chat" })
            #expect(chat.depth == 1 && chat.span.type == .llm && chat.span.inputTokens == 12)

            let turns = try await send(.GET, collector.baseURL + "/api/threads/conv-9").decoded([ConversationTurn].self)
            #expect(turns.map(\.traceId) == [summary.traceId])
            let users = try await send(.GET, collector.baseURL + "/api/users").decoded([UserSummary].self)
            #expect(users.map(\.userId) == ["u-1"] && users.first?.traceCount == 1 && users.first?.errorTraceCount == 1)
        }
    }

    @Test(arguments: [(OTLPSettings.WireProtocol.httpJSON, OTLPSettings.Compression.none), (.httpJSON, .gzip),
                      (.httpProtobuf, .gzip)])
    func jsonAndGzippedRequestsAreStoredAlike(wireProtocol: OTLPSettings.WireProtocol,
                                              compression: OTLPSettings.Compression) async throws {
        try await withCollector { collector in
            let sightline = sdk(sendingTo: collector, conventions: Convention.allCases, compression: compression,
                                wireProtocol: wireProtocol)
            await Chat.recordChat(sightline)
            await sightline.flush()
            #expect(sightline.diagnostics.value(of: .spansExported) == 4)
            await sightline.shutdown()
            let stored = try collector.store.traces(TraceFilter(label: "exp"))
            #expect(stored.count == 1)
            #expect(stored.first?.userId == "u-1" && stored.first?.customerId == "acme" && stored.first?.spanCount == 4)
        }
    }

    private static func span(_ name: String, traceId: TraceID, spanId: SpanID = .random()) -> FinishedSpan {
        FinishedSpan(name: name, context: SpanContext(traceId: traceId, spanId: spanId, isSampled: true),
                     startTime: .now(), attributes: [Attribute("langwatch.user.id", "u-partial")])
    }

    @Test func spansWithoutValidIdsAreRejectedAndCountedTheRestStored() async throws {
        try await withCollector { collector in
            // Binary, through the exporter: it reads the partial success and reports it.
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL))
            let batch = SpanBatch(resource: Resource(serviceName: "partial"), spans: [
                Self.span("kept", traceId: .random()), Self.span("no trace id", traceId: .invalid),
                Self.span("no span id", traceId: .random(), spanId: .invalid),
            ])
            await #expect {
                try await exporter.export(batch)
            } throws: { error in
                guard case .partialSuccess(let rejected, let sent, let message)? = error as? OTLPExportError else { return false }
                return rejected == 2 && sent == 3 && message.contains("no valid trace id or span id")
            }
            await exporter.shutdown()
            #expect(try collector.store.statistics().spanCount == 1)

            // JSON: the reply is the partial success in the mapping's form.
            let body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"ok"},
                  {"traceId":"00000000000000000000000000000000","spanId":"eee19b7ec3c1b175","name":"zero"}]}]}]}
                """
            let reply = try await send(.POST, collector.baseURL + "/v1/traces", headers: [jsonContent], body: json(body))
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json")
            #expect(reply.json == ["partialSuccess": [
                "rejectedSpans": "1",
                "errorMessage": "1 of 2 spans have no valid trace id or span id (absent, all zero or malformed) and were not stored",
            ]])
            #expect(try collector.store.statistics().spanCount == 2)
        }
    }

    @Test func aFullyAcceptedRequestGetsAnEmptyResponseInItsEncoding() async throws {
        try await withCollectorRoutes { collector in
            let spans = [Self.span("one", traceId: .random())]
            let binary = OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "s"))
            let protobufReply = try await collector.send(.POST, "/v1/traces", headers: [protobufContent],
                                               body: binary)
            #expect(protobufReply.status == 200 && protobufReply.body.isEmpty)
            #expect(protobufReply.headers["content-type"] == "application/x-protobuf")
            let jsonReply = try await collector.send(.POST, "/v1/traces",
                                           headers: [("Content-Type", "application/json; charset=utf-8")],
                                           body: OTLPJSONEncoder().encode([Self.span("two", traceId: .random())],
                                                                          resource: Resource(serviceName: "s")))
            #expect(jsonReply.status == 200 && jsonReply.text == "{}")
            #expect(try collector.store.statistics().spanCount == 2)
        }
    }
}
