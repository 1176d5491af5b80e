import AsyncHTTPClient
import Hummingbird
import Logging
import ServiceLifecycle
import Sightline
import SightlineTracing
import Synchronization
import Testing
import Tracing

/// Real library spans over loopback HTTP: Hummingbird's `TracingMiddleware` on the server and
/// async-http-client's tracing on the client, recorded by `SightlineTracer`.
@Suite struct LiveServerTests {
    static let callerTraceId = "0af7651916cd43dd8448eb211c80319c"
    static let callerSpanId = "b7ad6b7169203331"

    @Test func oneTraceRunsFromTheCallerThroughServerLLMClientAndDownstreamServer() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let quiet = Logger(label: "live-tests") { _ in SwiftLogNoOpLogHandler() }
        var tracedConfiguration = HTTPClient.Configuration()
        tracedConfiguration.tracing.tracer = tracer
        let tracedClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: tracedConfiguration)
        var untracedConfiguration = HTTPClient.Configuration()
        untracedConfiguration.tracing.tracer = nil
        let caller = HTTPClient(eventLoopGroupProvider: .singleton, configuration: untracedConfiguration)
        let port = BoundPort()

        let router = Router()
        router.add(middleware: TracingMiddleware())
        router.post("/llm") { _, _ in "a simulated completion" }
        router.post("/chat") { _, _ -> String in
            try await sightline.withSpan("chat gpt-4o", type: .llm) { span in
                span.model = "gpt-4o"
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(await port.value)/llm")
                request.method = .POST
                let response = try await tracedClient.execute(request, timeout: .seconds(10))
                return String(buffer: try await response.body.collect(upTo: 1 << 16))
            }
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.set($0.localAddress?.port ?? 0) }, logger: quiet)
        let group = ServiceGroup(services: [SightlineService(sightline), app], logger: quiet)

        // The clients are shut down on every path: one dropped unshut is a fatal error in
        // AsyncHTTPClient, which would end the whole test run, not just fail this test.
        let outcome: Result<String, any Error>
        do {
            outcome = .success(try await withTracer(tracer) {
                async let run: Void = group.run()
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(await port.value)/chat")
                request.method = .POST
                request.headers.add(name: "traceparent", value: "00-\(Self.callerTraceId)-\(Self.callerSpanId)-01")
                let response = try await caller.execute(request, timeout: .seconds(10))
                let reply = String(buffer: try await response.body.collect(upTo: 1 << 16))
                await group.triggerGracefulShutdown()
                try await run
                return reply
            })
        } catch {
            outcome = .failure(error)
        }
        try await tracedClient.shutdown()
        try await caller.shutdown()
        let reply = try outcome.get()

        #expect(reply == "a simulated completion")
        let chatServer = try exporter.span("/chat")
        let llm = try exporter.span("chat gpt-4o")
        let client = try exporter.span("POST")
        let llmServer = try exporter.span("/llm")
        #expect(exporter.spans.count == 4)
        #expect(exporter.spans.allSatisfy { $0.traceId.hex == Self.callerTraceId })
        #expect(chatServer.parentSpanId?.hex == Self.callerSpanId && chatServer.isLocalRoot)
        #expect(llm.isChild(of: chatServer))
        #expect(client.isChild(of: llm))
        #expect(llmServer.isChild(of: client))
        #expect(chatServer.kind == .server && llm.kind == .internal && client.kind == .client && llmServer.kind == .server)
        #expect(chatServer.scope.name == "Hummingbird" && client.scope.name == "AsyncHTTPClient")
        #expect(chatServer.attribute("http.route") == .string("/chat"))
        #expect(chatServer.attribute("http.response.status_code") == .int(200))
        #expect(client.attribute("http.request.method") == .string("POST"))
        #expect(client.attribute("http.status_code") == .int(200))
        #expect(llm.model == "gpt-4o" && llm.type == .llm)
    }
}

/// The port the server bound, once it is listening.
final class BoundPort: Sendable {
    private let state = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    var value: Int {
        get async {
            await withCheckedContinuation { continuation in
                let port = state.withLock { state -> Int? in
                    if state.port == nil { state.waiters.append(continuation) }
                    return state.port
                }
                if let port { continuation.resume(returning: port) }
            }
        }
    }
}
