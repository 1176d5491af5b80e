import Sightline
import SightlineCollector
import SightlineOTLP
import Testing

/// Metadata and labels attached after a trace ended: the three routes, pending patches, and
/// SightlineClient against the real server.
@Suite(.timeLimit(.minutes(1)))
struct ServerPostHocTests {
    /// Sends one root span of trace `traceId` with LangWatch attributes through the real exporter.
    private func sendTrace(_ traceId: TraceID, to collector: RunningCollector, headers: [String: String] = [:]) async throws {
        let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL, headers: headers))
        let root = FinishedSpan(
            name: "answer", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true), startTime: .now(),
            attributes: [Attribute("langwatch.user.id", "u-7"), Attribute("langwatch.labels", .strings(["production"])),
                         Attribute("metadata.variant", "A"), Attribute("metadata.score", 0.5)])
        do {
            try await exporter.export(SpanBatch(resource: Resource(serviceName: "post-hoc"), spans: [root]))
        } catch {
            await exporter.shutdown()
            throw error
        }
        await exporter.shutdown()
    }

    private func storedSummary(_ collector: RunningCollector, _ traceId: TraceID) throws -> TraceSummary? {
        try collector.store.trace(id: traceId.hex)?.summary
    }

    @Test func aPatchForATraceNotYetArrivedIsKeptAndAppliedOnArrival() async throws {
        try await withCollector { collector in
            let traceId = TraceID.random()
            let early = try await send(.PATCH, collector.baseURL + "/api/traces/\(traceId.hex)/metadata", headers: [jsonContent],
                                       body: json(["metadata": ["score": 0.9, "reviewer": "alice", "labels": ["reviewed"]]]))
            #expect(early.status == 202)
            // The reply says how long the patch waits for its trace (the store's default, an hour).
            #expect(early.json == ["status": "pending", "traceId": .string(traceId.hex), "heldForSeconds": 3600])
            #expect(try collector.store.statistics().pendingPatches == 1)

            try await sendTrace(traceId, to: collector)
            let summary = try #require(try storedSummary(collector, traceId))
            // The patch wins over the span's own values, keys it leaves out stay, and its labels replace.
            #expect(summary.metadata == ["score": 0.9, "reviewer": "alice", "variant": "A"])
            #expect(summary.labels == ["reviewed"])
            #expect(summary.userId == "u-7")
            #expect(try collector.store.statistics().pendingPatches == 0)
        }
    }

    @Test func sightlineClientSaysWhetherAPushWasAppliedOrIsHeld() async throws {
        try await withCollector { collector in
            let traceId = TraceID.random()
            let client = try SightlineClient(backend: .local(baseURL: collector.baseURL))
            #expect(try await client.pushMetadata(traceId: traceId, ["score": 0.9]) == .held(for: .seconds(3600)))
            #expect(try await client.addLabels(traceId: traceId, ["reviewed"]) == .held(for: .seconds(3600)))
            try await sendTrace(traceId, to: collector)
            #expect(try await client.pushMetadata(traceId: traceId, ["score": 0.8]) == .applied)
            #expect(try await client.addLabels(traceId: traceId, ["final"]) == .applied)
            await client.shutdown()
        }
    }

    @Test func laminarsShapeMergesByUUIDAndTagsAreAdded() async throws {
        try await withCollector { collector in
            let traceId = TraceID.random()
            try await sendTrace(traceId, to: collector)
            let push = try await send(.POST, collector.baseURL + "/v1/traces/metadata", headers: [jsonContent],
                                      body: json(["traceId": .string(traceId.uuidString),
                                                  "metadata": ["score": 0.85, "labels": ["scored"]]]))
            #expect(push.status == 200)
            #expect(push.json == ["status": "applied", "traceId": .string(traceId.hex)])
            let tag = try await send(.POST, collector.baseURL + "/v1/tag", headers: [jsonContent],
                                     body: json(["traceId": .string(traceId.hex), "names": ["needs-review"]]))
            #expect(tag.status == 200)
            let summary = try #require(try storedSummary(collector, traceId))
            #expect(summary.metadata == ["score": 0.85, "variant": "A"])
            #expect(Set(summary.labels) == ["production", "scored", "needs-review"])
            // The trace is found by each metadata value over the query API too.
            let found = try await send(.GET, collector.baseURL + "/api/traces?meta=score%3E%3D0.85&label=needs-review")
            #expect(try found.decoded([TraceSummary].self).map(\.traceId) == [traceId.hex])
        }
    }

    @Test(arguments: [
        (#"{"metadata": {"a": 1}}"#, "a trace id is required"),
        (#"{"traceId": "", "metadata": {"a": 1}}"#, "a trace id is required"),
        (#"{"traceId": "abc", "metadata": [1]}"#, "'metadata' must be a JSON object"),
        (#"["traceId"]"#, "the body must be a JSON object"),
        (#"{"traceId": "abc""#, "the body is not JSON"),
    ])
    func malformedPatchesAreA400(body: String, message: String) async throws {
        try await withCollectorRoutes { collector in
            let reply = try await collector.send(.POST, "/v1/traces/metadata", headers: [jsonContent], body: json(body))
            #expect(reply.status == 400)
            #expect(reply.message?.hasPrefix(message) == true, "\(reply.text)")
            let tag = try await collector.send(.POST, "/v1/tag", headers: [jsonContent],
                                     body: json(#"{"traceId": "abc", "names": ["ok", 3]}"#))
            #expect(tag.status == 400 && tag.message == "'names' must hold non-empty strings, not 3")
            #expect(try collector.store.statistics().pendingPatches == 0)
        }
    }

    @Test func sightlineClientWorksAgainstTheCollectorWithEachBackendShape() async throws {
        try await withCollector(apiKey: "collector-key") { collector in
            let traceId = TraceID.random()
            try await sendTrace(traceId, to: collector, headers: ["Authorization": "Bearer collector-key"])

            let local = try SightlineClient(backend: .local(baseURL: collector.baseURL, apiKey: "collector-key"))
            try await local.pushMetadata(traceId: traceId, ["score": 0.95, "reviewer": "bob"])
            try await local.addLabels(traceId: traceId, ["good"])
            await local.shutdown()
            var summary = try #require(try storedSummary(collector, traceId))
            #expect(summary.metadata == ["score": 0.95, "reviewer": "bob", "variant": "A"])
            #expect(Set(summary.labels) == ["production", "good"])

            // Laminar's client shape (UUID, Bearer) and LangWatch's (PATCH, X-Auth-Token) reach the same trace.
            let laminar = try SightlineClient(backend: .laminar(apiKey: "collector-key", baseURL: collector.baseURL))
            try await laminar.pushMetadata(traceId: traceId, ["edits": 2])
            await laminar.shutdown()
            let langWatch = try SightlineClient(backend: .langWatch(apiKey: "collector-key", endpoint: collector.baseURL))
            try await langWatch.addLabels(traceId: traceId, ["final"])
            await langWatch.shutdown()
            summary = try #require(try storedSummary(collector, traceId))
            #expect(summary.metadata == ["score": 0.95, "reviewer": "bob", "variant": "A", "edits": 2])
            #expect(summary.labels == ["final"])

            let wrongKey = try SightlineClient(backend: .local(baseURL: collector.baseURL, apiKey: "not-it"))
            await #expect(throws: SightlineClientError.unauthorized(status: 401, message: "the API key is not this collector's")) {
                try await wrongKey.pushMetadata(traceId: traceId, ["score": 0])
            }
            await wrongKey.shutdown()
            #expect(try storedSummary(collector, traceId)?.metadata["score"] == 0.95)
        }
    }
}
