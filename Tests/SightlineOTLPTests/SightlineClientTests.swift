import NIOHTTP1
import Sightline
import SightlineOTLP
import SightlineTesting
import Testing

/// The post-hoc client against a loopback server: what each backend receives, and each failure.
@Suite(.timeLimit(.minutes(1)))
struct SightlineClientTests {
    private let traceId = TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736)
    private let metadata: [String: JSONValue] = ["score": 0.85, "reviewer": "alice", "edits": 2, "needsReview": false]

    /// Runs `body` with a client for the backend that `backend` makes from the server's URL,
    /// and returns what the server received.
    private func exchange(
        reply: FakeOTLPReceiver.Reply = .ok,
        backend: (String) -> SightlineClient.Backend, timeout: Duration = .seconds(10),
        _ body: (SightlineClient) async throws -> Void
    ) async throws -> [ReceivedRequest] {
        try await FakeOTLPReceiver.with(reply: reply) { server in
            let client = try SightlineClient(backend: backend(server.baseURL), timeout: timeout)
            do {
                try await body(client)
                await client.shutdown()
            } catch {
                await client.shutdown()
                throw error
            }
            return server.requests
        }
    }

    private func text(_ request: ReceivedRequest?) -> String? {
        request.map { String(decoding: $0.body, as: UTF8.self) }
    }

    // MARK: What each backend receives

    @Test func laminarGetsItsRoutesWithAUUIDAndABearerKey() async throws {
        let requests = try await exchange(backend: { .laminar(apiKey: "lmnr-key", baseURL: $0 + "/") }) { client in
            try await client.pushMetadata(traceId: traceId, metadata)
            try await client.addLabels(traceId: traceId, ["reviewed", "good"])
        }
        try #require(requests.count == 2)
        let (push, tag) = (requests[0], requests[1])
        #expect(push.method == .POST)
        #expect(push.uri == "/v1/traces/metadata")
        #expect(push.headers["authorization"] == ["Bearer lmnr-key"])
        #expect(push.headers["content-type"] == ["application/json"])
        #expect(push.headers["x-auth-token"].isEmpty)
        #expect(text(push) == #"{"metadata":{"edits":2,"needsReview":false,"reviewer":"alice","score":0.85},"traceId":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736"}"#)
        #expect(tag.method == .POST)
        #expect(tag.uri == "/v1/tag")
        #expect(tag.headers["authorization"] == ["Bearer lmnr-key"])
        #expect(text(tag) == #"{"names":["reviewed","good"],"traceId":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736"}"#)
    }

    @Test func langWatchGetsAPatchWithHexAndItsTokenHeader() async throws {
        let requests = try await exchange(backend: { .langWatch(apiKey: "lw-key", endpoint: $0) }) { client in
            try await client.pushMetadata(traceId: traceId, metadata)
            try await client.addLabels(traceId: traceId, ["reviewed"])
        }
        try #require(requests.count == 2)
        for request in requests {
            #expect(request.method == .PATCH)
            #expect(request.uri == "/api/traces/4bf92f3577b34da6a3ce929d0e0e4736/metadata")
            #expect(request.headers["x-auth-token"] == ["lw-key"])
            #expect(request.headers["authorization"].isEmpty)
            #expect(request.headers["content-type"] == ["application/json"])
        }
        #expect(text(requests[0]) == #"{"metadata":{"edits":2,"needsReview":false,"reviewer":"alice","score":0.85}}"#)
        // LangWatch has no route for labels: they are its metadata's `labels`, which it replaces.
        #expect(text(requests[1]) == #"{"metadata":{"labels":["reviewed"]}}"#)
    }

    @Test func theLocalCollectorGetsLaminarsShapeWithHex() async throws {
        let requests = try await exchange(backend: { .local(baseURL: $0 + "/collector") }) { client in
            try await client.pushMetadata(traceId: traceId, ["user_id": "u-1", "nested": ["a": [1, nil]]])
            try await client.addLabels(traceId: traceId, ["x"])
        }
        try #require(requests.count == 2)
        #expect(requests[0].method == .POST)
        #expect(requests[0].uri == "/collector/v1/traces/metadata")
        #expect(requests[0].headers["authorization"].isEmpty)
        #expect(text(requests[0]) == #"{"metadata":{"nested":{"a":[1,null]},"user_id":"u-1"},"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}"#)
        #expect(requests[1].uri == "/collector/v1/tag")
        #expect(text(requests[1]) == #"{"names":["x"],"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}"#)

        let withKey = try await exchange(backend: { .local(baseURL: $0, apiKey: "local-key") }) { client in
            try await client.addLabels(traceId: traceId, ["x"])
        }
        #expect(withKey.first?.headers["authorization"] == ["Bearer local-key"])
    }

    @Test func noLabelsSendNothing() async throws {
        let requests = try await exchange(backend: { .langWatch(apiKey: "k", endpoint: $0) }) { client in
            try await client.addLabels(traceId: traceId, [])
        }
        #expect(requests.isEmpty)
    }

    // MARK: Failures

    /// The error `call` threw against a server that answers every request with `reply`.
    private func failure(_ reply: FakeOTLPReceiver.Reply, backend: @escaping (String) -> SightlineClient.Backend = { .laminar(apiKey: "k", baseURL: $0) },
                         timeout: Duration = .seconds(10),
                         _ call: @escaping (SightlineClient) async throws -> Void) async throws -> SightlineClientError? {
        var caught: SightlineClientError?
        _ = try await exchange(reply: reply, backend: backend, timeout: timeout) { client in
            do {
                try await call(client)
            } catch let error as SightlineClientError {
                caught = error
            }
        }
        return caught
    }

    private func push(_ client: SightlineClient) async throws {
        try await client.pushMetadata(traceId: traceId, ["score": 1])
    }

    @Test func refusedCredentialsAreUnauthorizedWithTheServersMessage() async throws {
        let unauthorized = try await failure(.respond(.unauthorized, headers: ["Content-Type": "application/json"],
                                                      body: Array(#"{"message":"invalid project API key"}"#.utf8)), push)
        #expect(unauthorized == .unauthorized(status: 401, message: "invalid project API key"))
        #expect(unauthorized?.description.contains("invalid project API key") == true)
        let forbidden = try await failure(.respond(.forbidden, body: Array("no access".utf8)), push)
        #expect(forbidden == .unauthorized(status: 403, message: "no access"))
    }

    @Test func anUnknownTraceIsNotFoundInTheBackendsIdForm() async throws {
        let laminar = try await failure(.respond(.notFound, body: Array("Trace not found".utf8)), push)
        #expect(laminar == .traceNotFound(traceId: traceId.uuidString, message: "Trace not found"))
        #expect(laminar?.status == 404)
        let langWatch = try await failure(.respond(.notFound), backend: { .langWatch(apiKey: "k", endpoint: $0) }, push)
        #expect(langWatch == .traceNotFound(traceId: traceId.hex, message: "Not Found"))
    }

    @Test func otherStatusesCarryTheServersMessage() async throws {
        let error = try await failure(.respond(.badRequest, headers: ["Content-Type": "application/json"],
                                               body: Array(#"{"error":"metadata must be an object"}"#.utf8)), push)
        #expect(error == .rejected(status: 400, message: #"{"error":"metadata must be an object"}"#))
        let unavailable = try await failure(.respond(.serviceUnavailable), push)
        #expect(unavailable == .rejected(status: 503, message: "Service Unavailable"))
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await failure(.hang, timeout: .milliseconds(300), push)
        #expect(error == .timedOut(after: .milliseconds(300)))
        #expect(start.duration(to: clock.now) < .seconds(5 * testTimeScale))
    }

    @Test func nothingListeningIsANetworkError() async throws {
        let port = try await freePort()
        let client = try SightlineClient(backend: .local(baseURL: "http://127.0.0.1:\(port)"))
        var caught: (any Error)?
        do {
            try await client.pushMetadata(traceId: traceId, ["score": 1])
        } catch {
            caught = error
        }
        await client.shutdown()
        guard case .network(let reason)? = caught as? SightlineClientError else {
            Issue.record("expected a network error, got \(String(describing: caught))")
            return
        }
        #expect(reason.contains("refused") || reason.contains("connect"))
    }

    @Test func badSettingsAndIdsAreRefusedBeforeAnyRequest() async throws {
        #expect(throws: SightlineClientError.self) { try SightlineClient(backend: .laminar(apiKey: "k", baseURL: "api.lmnr.ai")) }
        #expect(throws: SightlineClientError.self) { try SightlineClient(backend: .langWatch(apiKey: "k\r\nX-Evil: 1")) }
        let requests = try await exchange(backend: { .local(baseURL: $0) }) { client in
            await #expect(throws: SightlineClientError.invalidTraceID) { try await client.pushMetadata(traceId: .invalid, [:]) }
            await #expect(throws: SightlineClientError.invalidTraceID) { try await client.addLabels(traceId: .invalid, ["a"]) }
            await client.shutdown()
            await #expect(throws: SightlineClientError.shutDown) { try await client.pushMetadata(traceId: traceId, [:]) }
        }
        #expect(requests.isEmpty)
    }

    @Test func theDefaultAddressesAreTheBackendsOwn() {
        #expect(SightlineClient.Backend.laminar(apiKey: "k") == .laminar(apiKey: "k", baseURL: "https://api.lmnr.ai:443"))
        #expect(SightlineClient.Backend.langWatch(apiKey: "k") == .langWatch(apiKey: "k", endpoint: "https://app.langwatch.ai"))
        #expect(SightlineClient.Backend.local() == .local(baseURL: "http://127.0.0.1:4318", apiKey: nil))
        #expect(SightlineClient.Backend.local(port: 9999, apiKey: "k") == .local(baseURL: "http://127.0.0.1:9999", apiKey: "k"))
    }
}
