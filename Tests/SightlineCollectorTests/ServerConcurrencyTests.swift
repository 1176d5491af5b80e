import Sightline
import SightlineCollector
import SightlineOTLP
import Testing

/// Many senders at once: every span of every acknowledged batch is stored, none twice.
@Suite(.timeLimit(.minutes(3)))
struct ServerConcurrencyTests {
    @Test func manySendersAtOnceLoseNoSpan() async throws {
        let senders = 24
        let batchesPerSender = 10
        let spansPerBatch = 25
        try await withCollector { collector in
            let sentTraceIds = try await withThrowingTaskGroup(of: [TraceID].self) { group in
                for sender in 0..<senders {
                    group.addTask {
                        // Binary and JSON, plain and gzipped, each sender its own exporter and connection.
                        let settings = OTLPSettings(endpoint: collector.baseURL, compression: sender % 2 == 0 ? .none : .gzip,
                                                    wireProtocol: sender % 3 == 0 ? .httpJSON : .httpProtobuf)
                        let exporter = try OTLPHTTPExporter(settings: settings)
                        var traceIds: [TraceID] = []
                        do {
                            for batch in 0..<batchesPerSender {
                                let traceId = TraceID.random()
                                traceIds.append(traceId)
                                let spans = (0..<spansPerBatch).map { index in
                                    FinishedSpan(name: "sender \(sender) batch \(batch) span \(index)",
                                                 context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
                                                 startTime: .now(),
                                                 attributes: [Attribute("langwatch.user.id", .string("user-\(sender)"))])
                                }
                                try await exporter.export(SpanBatch(resource: Resource(serviceName: "load"), spans: spans))
                            }
                        } catch {
                            await exporter.shutdown()
                            throw error
                        }
                        await exporter.shutdown()
                        return traceIds
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let total = senders * batchesPerSender * spansPerBatch
            #expect(sentTraceIds.count == senders * batchesPerSender)
            let statistics = try collector.store.statistics()
            #expect(statistics.spanCount == total)
            #expect(statistics.traceCount == senders * batchesPerSender)
            // Every trace holds exactly its batch, and every user all of theirs.
            for traceId in sentTraceIds.prefix(20) {
                #expect(try collector.store.trace(id: traceId.hex)?.spans.count == spansPerBatch)
            }
            let page = try await send(.GET, collector.baseURL + "/api/traces?limit=7").decoded([TraceSummary].self)
            #expect(page.count == 7)
            let users = try collector.store.users()
            #expect(users.count == senders && users.allSatisfy { $0.traceCount == batchesPerSender })
        }
    }
}
