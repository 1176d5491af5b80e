import Sightline

/// Spans that exercise every part of the OTLP mapping.
enum SampleSpans {
    static let resource = Resource(serviceName: "interop-service", extra: [
        Attribute("deployment.environment", "test"),
        Attribute("host.cores", 2),
    ])

    static let start: UInt64 = 1_700_000_000_123_456_789

    static func time(_ offsetNanoseconds: UInt64) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: start + offsetNanoseconds)
    }

    /// More than 100 kB of UTF-8 with one-, three- and four-byte characters.
    static let largeText = String(repeating: "ab€😀", count: 12_000)

    /// Every attribute value kind, with the edge cases of each.
    static let everyValueKind: [Attribute] = [
        Attribute("string", "plain"),
        Attribute("string.empty", ""),
        Attribute("string.nul", "before\u{0}after\u{0}"),
        Attribute("string.emoji", "👋🏽 héllo 漢字 🇫🇷"),
        Attribute("string.control", "tab\tnewline\nreturn\rquote\"backslash\\ \u{1}\u{1F}\u{7F}"),
        Attribute("string.large", .string(largeText)),
        Attribute("key\u{0}with nul and ключ", "value"),
        Attribute("bool.true", true),
        Attribute("bool.false", false),
        Attribute("int.zero", 0),
        Attribute("int.negative", -42),
        Attribute("int.min", .int(.min)),
        Attribute("int.max", .int(.max)),
        Attribute("double", 3.25),
        Attribute("double.fraction", 0.1),
        Attribute("double.zero", 0.0),
        Attribute("double.negative.zero", .double(-0.0)),
        Attribute("double.nan", .double(.nan)),
        Attribute("double.infinity", .double(.infinity)),
        Attribute("double.negative.infinity", .double(-.infinity)),
        Attribute("double.smallest", .double(.leastNonzeroMagnitude)),
        Attribute("double.largest", .double(.greatestFiniteMagnitude)),
        Attribute("bytes", .bytes([0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF])),
        Attribute("bytes.empty", .bytes([])),
        Attribute("bytes.odd", .bytes([0x61, 0x62, 0x63, 0x64])),
        Attribute("array.strings", .strings(["production", "beta", ""])),
        Attribute("array.mixed", [1, "two", 3.5, true, .bytes([9, 8])]),
        Attribute("array.empty", .array([])),
        Attribute("array.nested", .array([.array([1, 2]), .array([]), .array([.array(["deep", "er\u{0}"])])])),
        Attribute("kvlist", .keyValueList([
            Attribute("inner", "value"),
            Attribute("count", 1),
            Attribute("list", .array([.keyValueList([Attribute("x", 1.5), Attribute("", "empty key")])])),
        ])),
        Attribute("kvlist.empty", .keyValueList([])),
    ]

    static let remoteParent = SpanContext(traceId: TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10),
                                          spanId: SpanID(0x1122_3344_5566_7788), isSampled: true,
                                          traceState: "vendor=remote", isRemote: true)

    /// Five spans in three scopes (the sightline scope first, then two others, then the
    /// sightline scope again): a root with everything, a local child, a span with a remote
    /// parent, an unnamed span, and one more root span of the first scope.
    static func rich() -> [FinishedSpan] {
        let traceId = TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736)
        let rootContext = SpanContext(traceId: traceId, spanId: SpanID(0x00F0_67AA_0BA9_02B7), isSampled: true,
                                      traceState: "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
        var root = FinishedSpan(
            name: "root \u{0} span 🚀", context: rootContext, kind: .server, type: .agent, startTime: time(0),
            endTime: time(5_000_000), status: .ok, attributes: everyValueKind,
            events: [
                SpanEvent(name: "gen_ai.first_token", timestamp: time(1_000),
                          attributes: [Attribute("index", 0), Attribute("text", "Hel\u{0}lo")], droppedAttributesCount: 2),
                SpanEvent(name: "", timestamp: time(2_000)),
                SpanEvent(name: "exception", timestamp: time(3_000), attributes: [
                    Attribute("exception.type", "TestError"), Attribute("exception.message", .string(largeText)),
                ]),
            ],
            links: [
                SpanLink(context: remoteParent, attributes: [Attribute("link.kind", "follows"), Attribute("n", 2)],
                         droppedAttributesCount: 1),
                SpanLink(context: SpanContext(traceId: traceId, spanId: SpanID(0xDEAD_BEEF), isSampled: false)),
            ])
        root.droppedAttributesCount = 3
        root.droppedEventsCount = 4
        root.droppedLinksCount = 5

        let child = FinishedSpan(
            name: "chat gpt-4o", context: SpanContext(traceId: traceId, spanId: SpanID(0x0000_0000_0000_0001),
                                                      isSampled: false, traceState: rootContext.traceState),
            parentSpanId: rootContext.spanId, kind: .client, type: .llm, startTime: time(10),
            endTime: time(4_000_000), status: .error(description: "boom\u{0} 💥 \"quoted\""),
            attributes: [Attribute("gen_ai.request.model", "gpt-4o")])

        let library = InstrumentationScope(name: "com.example.queue", version: "2.1.0")
        let consumer = FinishedSpan(
            name: "process message", context: SpanContext(traceId: remoteParent.traceId, spanId: SpanID(0xFFFF_FFFF_FFFF_FFFF),
                                                          isSampled: true, traceState: remoteParent.traceState),
            parentSpanId: remoteParent.spanId, isLocalRoot: true, kind: .consumer, scope: library,
            startTime: time(20), endTime: time(30), status: .error(description: ""))

        let unnamed = FinishedSpan(
            name: "", context: SpanContext(traceId: TraceID(high: 0, low: 1), spanId: SpanID(0x0100_0000_0000_0000),
                                           isSampled: true),
            kind: .producer, scope: InstrumentationScope(name: "no-version"), startTime: time(40), endTime: time(40))

        let second = FinishedSpan(
            name: "second root", context: SpanContext(traceId: TraceID(high: .max, low: .max), spanId: SpanID(42),
                                                      isSampled: true),
            kind: .internal, startTime: Timestamp(nanosecondsSinceEpoch: 0), endTime: Timestamp(nanosecondsSinceEpoch: .max))

        return [root, child, consumer, unnamed, second]
    }

    /// What a configured SDK exports with all four conventions turned on: a trace with
    /// metadata, an LLM call, a retrieval, a tool call and an error, ended and flushed.
    static func recordedWithAllConventions() async throws -> (spans: [FinishedSpan], resource: Resource) {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(
            serviceName: "convention-service", exporter: .custom(exporter), conventions: Convention.allCases,
            batch: .init(scheduleDelay: .milliseconds(10)), resourceAttributes: [Attribute("openinference.project.name", "interop")]))
        let metadata = TraceMetadata(userId: "user-1\u{0}", threadId: "conversation-9", customerId: "acme 🏢",
                                     labels: ["production", "beta"], custom: ["variant": "B", "score": 0.9, "tags": ["x", "y"]])
        struct ToolFailed: Error {}
        sdk.withTrace("handle-message", type: .workflow, metadata: metadata) { trace in
            sdk.withSpan("retrieve", type: .rag) { span in
                span.setRAGContexts([RAGContext(documentId: "doc-1", chunkId: "c1", content: "Paris is in France", score: 0.87)])
                span.setInput(.text("where is Paris?"))
            }
            sdk.withSpan("chat", type: .llm, kind: .client) { span in
                span.model = "gpt-4o"
                span.responseModel = "gpt-4o-2024-08-06"
                span.provider = "openai"
                span.parameters = RequestParameters(temperature: 0.2, maxTokens: 256, topP: 0.9)
                span.setInput(.chatMessages([.system("Be brief."), .user("Hi\u{0} there 👋")]))
                span.setOutput(.chatMessages([.assistant("Hello!", toolCalls: [ToolCall(id: "call-1", name: "lookup", arguments: ["q": "Paris"])])]))
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                span.addLabels(["chat"])
                span.addEvent("gen_ai.first_token", attributes: [Attribute("latency.ms", 120)])
                span.addLink(remoteParent, attributes: [Attribute("reason", "retry of")])
            }
            _ = try? sdk.withSpan("lookup", type: .tool) { span in
                span.setInput(.json(["q": "Paris"]))
                throw ToolFailed()
            }
            sdk.withSpan("judge", type: .evaluation) { span in
                span.setOutput(.json(["score": 1, "passed": true]))
            }
            trace.update(custom: ["late": "added"])
        }
        await sdk.flush()
        await sdk.shutdown()
        let batches = exporter.exportedBatches
        return (batches.flatMap(\.spans), batches.first?.resource ?? sdk.resource)
    }
}
