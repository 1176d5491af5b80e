import Foundation
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import Synchronization
import Testing
@testable import SightlineCollector

/// Collectors on the ClickHouse store, over HTTP: two collectors writing one store at once, and
/// a ClickHouse server that goes away and comes back while senders keep sending.
@Suite(.enabled(if: ClickHouseTestServer.shouldRun, ClickHouseTestServer.skipReason))
struct ClickHouseCollectorTests {
    /// Two collectors on two ports share one ClickHouse database. Senders send the spans of the
    /// same traces through either, interleaved and concurrently, each batch to one of them and
    /// every fourth batch to both (a retry through another collector behind a load balancer),
    /// with patches through either; the answers equal those of one collector on SQLite that
    /// received everything.
    @Test func twoCollectorsOnOneStoreAnswerAsOne() async throws {
        let shared = try TemporaryClickHouseDatabase()
        let single = try FreshStore(.sqlite)
        let workload = OTLPWorkload(traces: 40, seed: 7)
        try await withCollectors([try shared.store(), try shared.store()]) { ports in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (number, batch) in workload.batches.enumerated() {
                    group.addTask {
                        let targets = number % 4 == 0 ? ports : [ports[number % 2]]
                        for port in targets {
                            let reply = try await send(.POST, "http://127.0.0.1:\(port)/v1/traces", headers: [jsonContent], body: batch)
                            #expect(reply.status == 200, "\(reply.text)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            for (number, patch) in workload.patches.enumerated() {
                let reply = try await send(.PATCH, "http://127.0.0.1:\(ports[number % 2])/api/traces/\(patch.traceId)/metadata",
                                           headers: [jsonContent], body: json(patch.body))
                #expect(reply.status == 200, "\(reply.text)")
            }
        }
        for batch in workload.batches { try single.store.ingest(OTLPWorkload.collected(batch)) }
        for patch in workload.patches {
            try single.store.mergeMetadata(traceId: patch.traceId, MetadataPatch(json: patch.metadata), labels: .replace)
        }
        let store = try shared.store()
        let statistics = try store.statistics()
        #expect(statistics.spanCount == workload.spanCount)
        #expect(statistics.traceCount == workload.traceIds.count)
        #expect(try store.traces(TraceFilter(limit: 10_000)) == single.store.traces(TraceFilter(limit: 10_000)))
        #expect(try store.users() == single.store.users())
        for user in workload.users {
            #expect(try store.traces(TraceFilter(userId: user)) == single.store.traces(TraceFilter(userId: user)), "\(user)")
        }
        for label in workload.labels + ["patched"] {
            #expect(try store.traces(TraceFilter(label: label)) == single.store.traces(TraceFilter(label: label)), "\(label)")
        }
        for traceId in workload.traceIds {
            #expect(try store.trace(id: traceId, spanOffset: 0, spanLimit: .max)
                == single.store.trace(id: traceId, spanOffset: 0, spanLimit: .max), "\(traceId)")
        }
    }

    /// ClickHouse goes away while senders send: the collector answers 503 with `Retry-After`
    /// and acknowledges nothing; senders retry, ClickHouse comes back, and every span the
    /// collector acknowledged is stored exactly once.
    @Test func clickHouseDownThenUpLosesAndDuplicatesNothing() async throws {
        let front = try ChdbFront()
        defer { front.stop() }
        try front.start()
        let address = try ClickHouseAddress(parsing: "http://127.0.0.1:\(front.port)/sightline_outage")
        let store = try ClickHouseTraceStore(address: address, options: .init(writeTimeout: .seconds(1)))
        let workload = OTLPWorkload(traces: 30, seed: 11)
        let refusals = RefusalCount()
        try await withCollectors([store]) { ports in
            let url = "http://127.0.0.1:\(ports[0])/v1/traces"
            let half = workload.batches.count / 2
            for batch in workload.batches[..<half] {
                #expect(try await send(.POST, url, headers: [jsonContent], body: batch).status == 200)
            }
            front.stop()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for batch in workload.batches[half...] {
                    group.addTask {
                        // A sender that retries on 503 until the collector acknowledges the batch.
                        while true {
                            let reply = try await send(.POST, url, headers: [jsonContent], body: batch)
                            if reply.status == 200 { return }
                            #expect(reply.status == 503, "\(reply.text)")
                            refusals.count(withRetryAfter: reply.headers["retry-after"] != nil)
                            try await Task.sleep(for: .milliseconds(200))
                        }
                    }
                }
                // Down several times the store's write timeout.
                try await Task.sleep(for: .seconds(4))
                try front.start()
                try await group.waitForAll()
            }
        }
        let (refused, withoutRetryAfter) = refusals.value
        // Senders were refused while ClickHouse was away (some requests waited in the client's
        // queue through the outage and were stored when it came back, which is as good).
        #expect(refused > 0)
        #expect(withoutRetryAfter == 0)
        let statistics = try store.statistics()
        #expect(statistics.spanCount == workload.spanCount)
        #expect(statistics.traceCount == workload.traceIds.count)
        // Stored once: the raw rows, not only the distinct count.
        let rows = try store.connection.execute("SELECT count() FROM sightline_outage.spans")
        #expect(String(decoding: rows, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == String(workload.spanCount))
        for trace in try store.traces(TraceFilter(limit: 10_000)) {
            #expect(trace.spanCount == workload.spansPerTrace[trace.traceId])
        }
    }
}

/// How many 503 replies the senders got, and how many of them lacked `Retry-After`.
final class RefusalCount: Sendable {
    private let counts = Mutex((refused: 0, withoutRetryAfter: 0))

    func count(withRetryAfter: Bool) {
        counts.withLock { counts in
            counts.refused += 1
            if !withRetryAfter { counts.withoutRetryAfter += 1 }
        }
    }

    var value: (refused: Int, withoutRetryAfter: Int) { counts.withLock { $0 } }
}

/// Runs `body` with one collector per store, on free loopback ports, and stops them afterwards.
func withCollectors(_ stores: [any TraceStoring], _ body: ([Int]) async throws -> Void) async throws {
    let servers = stores.map { CollectorServer(configuration: .init(port: 0), store: $0, logger: stoppedByCancellationLogger) }
    let tasks = servers.map { server in Task { try await server.run() } }
    do {
        var ports: [Int] = []
        for server in servers { ports.append(try await server.boundPort()) }
        try await body(ports)
    } catch {
        for task in tasks { task.cancel() }
        for task in tasks { _ = await task.result }
        throw error
    }
    for task in tasks { task.cancel() }
    for task in tasks { _ = await task.result }
}

/// OTLP/JSON batches of spans from several traces, each trace's spans spread over batches,
/// with user, thread, labels and metadata in the GenAI and LangWatch keys, and LangWatch-style
/// patches (labels replaced).
struct OTLPWorkload {
    var batches: [[UInt8]] = []
    var patches: [(traceId: String, metadata: [String: JSONValue], body: JSONValue)] = []
    var traceIds: [String] = []
    var spansPerTrace: [String: Int] = [:]
    var spanCount = 0
    let users = ["ana", "ben", "cy"]
    let labels = ["production", "vip", "beta"]

    init(traces: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var spans: [JSONValue] = []
        for index in 0..<traces {
            let traceId = String(format: "%032x", 0x5eed_0000 + Int(seed) * 1_000 + index)
            traceIds.append(traceId)
            let start = 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000_000
            let count = 1 + random.next(below: 6)
            spansPerTrace[traceId] = count
            spanCount += count
            for spanIndex in 0..<count {
                var attributes: [JSONValue] = [
                    Self.attribute("user.id", .string(users[random.next(below: users.count)])),
                    Self.attribute("gen_ai.conversation.id", .string("thread-\(random.next(below: 4))")),
                    Self.attribute("metadata.score", .string(String(Double(random.next(below: 100)) / 100))),
                ]
                let spanLabels = labels.filter { _ in random.next(below: 2) == 0 }
                if !spanLabels.isEmpty {
                    attributes.append(.object(["key": "langwatch.labels", "value": .object([
                        "arrayValue": .object(["values": .array(spanLabels.map { .object(["stringValue": .string($0)]) })]),
                    ])]))
                }
                var span: [String: JSONValue] = [
                    "traceId": .string(traceId), "spanId": .string(String(format: "%016x", index * 100 + spanIndex + 1)),
                    "name": .string("step-\(spanIndex)"),
                    "startTimeUnixNano": .string(String(start + UInt64(spanIndex) * 1_000)),
                    "endTimeUnixNano": .string(String(start + 500_000 + UInt64(random.next(below: 4)) * 1_000)),
                    "attributes": .array(attributes),
                ]
                if spanIndex > 0 { span["parentSpanId"] = .string(String(format: "%016x", index * 100 + 1)) }
                spans.append(.object(span))
            }
            if index % 5 == 0 {
                let metadata: [String: JSONValue] = ["labels": ["patched"], "reviewer": "ops"]
                patches.append((traceId, metadata, .object(["metadata": .object(metadata)])))
            }
        }
        spans.shuffle(using: &random)
        var position = 0
        while position < spans.count {
            let size = 1 + random.next(below: 8)
            let batch = Array(spans[position..<min(position + size, spans.count)])
            batches.append(Array(JSONValue.object(["resourceSpans": .array([.object([
                "resource": .object(["attributes": .array([Self.attribute("service.name", "chat-service")])]),
                "scopeSpans": .array([.object(["spans": .array(batch)])]),
            ])])]).jsonString.utf8))
            position += size
        }
    }

    private static func attribute(_ key: String, _ value: JSONValue) -> JSONValue {
        .object(["key": .string(key), "value": .object(["stringValue": value])])
    }

    /// What the collector makes of one batch.
    static func collected(_ batch: [UInt8]) throws -> [CollectedSpan] {
        OTLPNormalizer.spans(from: try OTLPJSONDecoder().decode(batch))
    }
}

/// A chdb HTTP front of the test's own (ClickHouse/chdb_http.py) that the test stops and starts
/// again on the same port and data, to take ClickHouse away and bring it back.
final class ChdbFront: @unchecked Sendable {
    private let directory: URL
    private let lock = NSLock()
    private var process: Process?
    private(set) var port = 0

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-chdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func start() throws {
        let python = try #require(ProcessInfo.processInfo.environment["SIGHTLINE_INTEROP_PYTHON"],
                                  "SIGHTLINE_INTEROP_PYTHON is not set: run the tests through Scripts/test.sh")
        let portFile = directory.appendingPathComponent("port")
        try? FileManager.default.removeItem(at: portFile)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("chdb_http.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, "--path", directory.appendingPathComponent("data").path, "--port", String(port),
                             "--port-file", portFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let bound = Int(text) {
                port = bound
                return
            }
            guard process.isRunning else { throw ChdbFrontError.exited(process.terminationStatus) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ChdbFrontError.timedOut
    }

    func stop() {
        guard let process = lock.withLock({ () -> Process? in
            defer { self.process = nil }
            return self.process
        }) else { return }
        // chdb's engine takes SIGTERM over from Python and keeps running: killed, as a crash would.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    enum ChdbFrontError: Error {
        case exited(Int32)
        case timedOut
    }
}
