import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import Testing

/// Requests the server refuses: each gets its status and a message, changes nothing, and the
/// server goes on serving.
@Suite(.timeLimit(.minutes(1)))
struct ServerRefusalTests {
    /// One request to each route, with a body the route would accept.
    static func everyRoute(traceId: String) -> [(HTTPMethodName, String, [(String, String)], [UInt8]?)] {
        let spans = [FinishedSpan(name: "s", context: SpanContext(traceId: TraceID(hex: traceId)!, spanId: .random(), isSampled: true),
                                  startTime: .now())]
        return [
            (.POST, "/v1/traces", [protobufContent], OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "a"))),
            (.POST, "/v1/traces", [jsonContent], OTLPJSONEncoder().encode(spans, resource: Resource(serviceName: "a"))),
            (.POST, "/api/collector", [jsonContent], json(LangWatchRESTFixtures.documentationExample)),
            (.POST, "/v1/traces/metadata", [jsonContent], json(["traceId": .string(traceId), "metadata": ["a": 1]])),
            (.PATCH, "/api/traces/\(traceId)/metadata", [jsonContent], json(["metadata": ["a": 1]])),
            (.POST, "/v1/tag", [jsonContent], json(["traceId": .string(traceId), "names": ["x"]])),
            (.GET, "/api/traces?user=user-123", [], nil),
            (.GET, "/api/traces/\(traceId)", [], nil),
            (.GET, "/api/threads/conversation-456", [], nil),
            (.GET, "/api/users", [], nil),
            (.GET, "/no/such/route", [], nil),
        ]
    }

    @Test func everyRouteNeedsTheKeyAndNothingIsStoredWithoutIt() async throws {
        try await withCollectorRoutes(apiKey: "s3cret-key") { collector in
            let traceId = TraceID.random().hex
            let refused: [[(String, String)]] = [
                [], [("Authorization", "Bearer wrong")], [("X-Auth-Token", "s3cret-kex")], [("Authorization", "s3cret-key")],
                [("Authorization", "Bearer s3cret-key-and-more")], [("X-Auth-Token", "")], [("Authorization", "Basic s3cret-key")],
            ]
            for (method, path, headers, body) in Self.everyRoute(traceId: traceId) {
                for credentials in refused {
                    let reply = try await collector.send(method, path, headers: headers + credentials, body: body)
                    #expect(reply.status == 401, "\(method) \(path) with \(credentials)")
                    #expect(reply.headers["www-authenticate"] == "Bearer")
                    let offered = credentials.contains { $0.0 == "X-Auth-Token" || $0.1.lowercased().hasPrefix("bearer ") }
                    #expect(reply.message?.contains(offered ? "not this collector's" : "requires an API key") == true,
                            "\(reply.text)")
                }
            }
            let statistics = try collector.store.statistics()
            #expect(statistics.spanCount == 0 && statistics.traceCount == 0 && statistics.pendingPatches == 0)

            for credentials in [("Authorization", "Bearer s3cret-key"), ("X-Auth-Token", "s3cret-key"),
                                ("authorization", "bearer   s3cret-key")] {
                for (method, path, headers, body) in Self.everyRoute(traceId: traceId) {
                    let reply = try await collector.send(method, path, headers: headers + [credentials], body: body)
                    #expect(reply.status != 401, "\(method) \(path) with \(credentials)")
                    #expect(path == "/no/such/route" ? reply.status == 404 : reply.status < 300, "\(method) \(path): \(reply.text)")
                }
            }
            #expect(try collector.store.statistics().traceCount == 2)
        }
    }

    @Test func contentTypesAndEncodingsARouteDoesNotTakeAre415() async throws {
        try await withCollectorRoutes { collector in
            let body = OTLPProtobufEncoder().encode([], resource: Resource(serviceName: "a"))
            for headers in [[("Content-Type", "text/plain")], [], [("Content-Type", "application/xml")],
                            [protobufContent, ("Content-Encoding", "br")]] {
                let reply = try await collector.send(.POST, "/v1/traces", headers: headers, body: body)
                #expect(reply.status == 415, "\(headers)")
                // The reason, as JSON, or as a binary Status for a binary OTLP request.
                #expect(reply.text.contains(headers.count == 2 ? "Content-Encoding 'br' is not supported" : "is not OTLP"),
                        "\(reply.text)")
            }
            let rest = try await collector.send(.POST, "/api/collector", headers: [("Content-Type", "text/plain")],
                                      body: json(LangWatchRESTFixtures.documentationExample))
            #expect(rest.status == 415 && rest.message == "Content-Type 'text/plain' is not JSON: send application/json")
            let patch = try await collector.send(.POST, "/v1/tag", body: json(#"{"traceId":"a","names":["b"]}"#))
            #expect(patch.status == 415)
            #expect(try collector.store.statistics().traceCount == 0)
        }
    }

    @Test func undecodableBodiesAre400WithTheReasonInTheRequestsEncoding() async throws {
        try await withCollectorRoutes { collector in
            let protobuf = try await collector.send(.POST, "/v1/traces", headers: [protobufContent],
                                          body: Array("not protobuf at all".utf8))
            #expect(protobuf.status == 400)
            #expect(protobuf.headers["content-type"] == "application/x-protobuf")
            // A google.rpc.Status: code 3 (INVALID_ARGUMENT), then the message.
            #expect(protobuf.body.prefix(2) == [0x08, 0x03])
            #expect(protobuf.text.contains("not a binary OTLP ExportTraceServiceRequest"))

            // An id that is not a string is a malformed request (a malformed id string rejects its span alone).
            let jsonReply = try await collector.send(.POST, "/v1/traces", headers: [jsonContent],
                                           body: json(#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":12}]}]}]}"#))
            #expect(jsonReply.status == 400)
            #expect(jsonReply.headers["content-type"] == "application/json")
            #expect(jsonReply.json?.description.contains(#""code":3"#) == true)
            #expect(jsonReply.message?.contains("resourceSpans[0].scopeSpans[0].spans[0].traceId") == true, "\(jsonReply.text)")

            let gzip = try await collector.send(.POST, "/v1/traces",
                                      headers: [protobufContent, ("Content-Encoding", "gzip")], body: Array("plain".utf8))
            #expect(gzip.status == 400 && gzip.text.contains("not valid gzip"))

            for (query, message) in [("bogus=1", "unknown query parameter 'bogus'"), ("limit=0", "limit must be"),
                                     ("since=yesterday", "since 'yesterday' is not a time"),
                                     ("meta=score%3Ehigh", "invalid metadata condition")] {
                let reply = try await collector.send(.GET, "/api/traces?" + query)
                #expect(reply.status == 400 && reply.message?.hasPrefix(message) == true, "\(query): \(reply.text)")
            }
            #expect(try await collector.send(.GET, "/api/traces/ffffffffffffffffffffffffffffffff").status == 404)
            #expect(try await collector.send(.GET, "/api/threads/nobody").status == 404)
            #expect(try collector.store.statistics().spanCount == 0)
        }
    }

    @Test func bodiesOverTheLimitAre413SentWholeChunkedOrGzipped() async throws {
        try await withCollector(maximumBodySize: 4096) { collector in
            let large = OTLPJSONEncoder().encode(
                [FinishedSpan(name: String(repeating: "x", count: 5000), context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                              startTime: .now())], resource: Resource(serviceName: "a"))
            let declared = try await send(.POST, collector.baseURL + "/v1/traces", headers: [jsonContent], body: large)
            #expect(declared.status == 413)
            #expect(declared.message?.contains("limit of 4096 bytes") == true)

            let chunked = try await sendChunked(collector.baseURL + "/v1/traces", headers: [jsonContent], body: large)
            #expect(chunked == 413)

            // A megabyte of spaces is about a kilobyte gzipped: under the limit on the wire, far over it inflated.
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL, compression: .gzip))
            let bomb = FinishedSpan(name: String(repeating: " ", count: 1 << 20),
                                    context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true), startTime: .now())
            await #expect {
                try await exporter.export(SpanBatch(resource: Resource(serviceName: "a"), spans: [bomb]))
            } throws: { error in
                guard case .rejected(413, let message)? = error as? OTLPExportError else { return false }
                return message.contains("once decompressed")
            }
            await exporter.shutdown()

            // The server is still there, and a request within the limit is stored.
            let small = OTLPJSONEncoder().encode(
                [FinishedSpan(name: "small", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                              startTime: .now())], resource: Resource(serviceName: "a"))
            #expect(try await send(.POST, collector.baseURL + "/v1/traces", headers: [jsonContent], body: small).status == 200)
            #expect(try collector.store.statistics().spanCount == 1)
        }
    }

    @Test func aStoreThatCannotWriteIsA500WithoutTheDatabasesWordsAndQueriesStillWork() async throws {
        let database = try TemporaryDatabase()
        _ = try database.store()  // creates the database and its schema
        let server = CollectorServer(configuration: .init(port: 0), store: try database.store(readOnly: true),
                                     logger: stoppedByCancellationLogger)
        let running = Task { try await server.run() }
        let base = "http://127.0.0.1:\(try await server.boundPort())"
        let spans = [FinishedSpan(name: "s", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                                  startTime: .now())]
        let reply = try await send(.POST, base + "/v1/traces", headers: [jsonContent],
                                   body: OTLPJSONEncoder().encode(spans, resource: Resource(serviceName: "a")))
        #expect(reply.status == 500)
        #expect(reply.message == "the spans could not be stored: an internal error; the collector's log has the details",
                "\(reply.text)")
        #expect(try await send(.GET, base + "/api/users").status == 200)
        running.cancel()
        _ = await running.result
    }
}
