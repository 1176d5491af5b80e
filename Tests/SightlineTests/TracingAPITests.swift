import Testing
@testable import Sightline

@Suite("Tracing API: context follows structured concurrency")
struct TracingAPITests {
    @Test func nestedSpansFormOneTraceWithRightParents() async throws {
        let (sdk, exporter) = makeSDK()
        let traceId = await sdk.withTrace("root") { trace in
            await Sightline.withSpan("child") { child in
                #expect(Span.current === child)
                Sightline.withSpan("grandchild") { _ in }
            }
            return trace.id
        }
        await sdk.flush()
        let spans = exporter.spans
        #expect(spans.count == 3)
        let root = try #require(exporter.spans(named: "root").first)
        let child = try #require(exporter.spans(named: "child").first)
        let grandchild = try #require(exporter.spans(named: "grandchild").first)
        #expect(spans.allSatisfy { $0.traceId == traceId })
        #expect(root.parentSpanId == nil && root.isLocalRoot)
        #expect(child.parentSpanId == root.spanId && !child.isLocalRoot)
        #expect(grandchild.parentSpanId == child.spanId)
        #expect(child.startTime >= root.startTime && child.endTime <= root.endTime)
    }

    @Test func syncAndAsyncFormsReturnTheClosureValue() async {
        let (sdk, exporter) = makeSDK()
        let syncValue: Int = sdk.withTrace("sync-root") { _ in
            sdk.withSpan("sync-child") { _ in 41 } + 1
        }
        let asyncValue = await sdk.withTrace("async-root") { _ in
            Sightline.withSpan("async-child") { _ in "done" }
        }
        #expect(syncValue == 42)
        #expect(asyncValue == "done")
        await sdk.flush()
        #expect(exporter.spans(named: "sync-child").first?.parentSpanId == exporter.spans(named: "sync-root").first?.spanId)
    }

    @Test func asyncLetAndTaskGroupChildrenInheritTheActiveSpan() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("root") { _ in
            async let left: Void = Sightline.withSpan("async-let") { _ in }
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<5 {
                    group.addTask { Sightline.withSpan("group-\(index)") { _ in } }
                }
            }
            await Task { Sightline.withSpan("child-task") { _ in } }.value
            await left
        }
        await sdk.flush()
        let root = try #require(exporter.spans(named: "root").first)
        let children = exporter.spans.filter { $0.name != "root" }
        #expect(children.count == 7)
        #expect(children.allSatisfy { $0.parentSpanId == root.spanId && $0.traceId == root.traceId })
    }

    @Test func detachedTasksNeedWithContextToJoinTheTrace() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("root") { _ in
            let context = Sightline.currentContext
            await Task.detached {
                #expect(Span.current == nil)
                await Sightline.withContext(context) {
                    Sightline.withSpan("restored") { _ in }
                }
            }.value
        }
        await sdk.flush()
        let root = try #require(exporter.spans(named: "root").first)
        let restored = try #require(exporter.spans(named: "restored").first)
        #expect(restored.parentSpanId == root.spanId)
        #expect(restored.traceId == root.traceId)
    }

    @Test func callbackStyleSpansUseStartSpanAndEnd() async throws {
        let (sdk, exporter) = makeSDK()
        sdk.withTrace("root") { _ in
            let span = Sightline.startSpan("callback", type: .tool)
            #expect(Span.current?.name == "root", "startSpan does not make the span active")
            span.setAttribute("answer", 42)
            span.end()
        }
        await sdk.flush()
        let callback = try #require(exporter.spans(named: "callback").first)
        #expect(callback.parentSpanId == exporter.spans(named: "root").first?.spanId)
        #expect(callback.attribute("answer") == .int(42))
        #expect(callback.type == .tool)
    }

    @Test func thrownErrorMarksTheSpanFailedAndIsRethrownUnchanged() async throws {
        let (sdk, exporter) = makeSDK()
        await #expect(throws: TestError(code: 7)) {
            try await sdk.withTrace("root") { _ in
                try await Sightline.withSpan("failing") { _ in throw TestError(code: 7) }
            }
        }
        #expect(throws: TestError(code: 8)) {
            try sdk.withSpan("sync-failing") { _ in throw TestError(code: 8) }
        }
        await sdk.flush()
        let failing = try #require(exporter.spans(named: "failing").first)
        #expect(failing.status == .error(description: "test error 7"))
        let exception = try #require(failing.events.first { $0.name == "exception" })
        #expect(exception.attributes.contains(Attribute("exception.message", "test error 7")))
        #expect(exception.attributes.contains { $0.key == "exception.type" && $0.value.stringValue?.hasSuffix("TestError") == true })
        #expect(exporter.spans(named: "root").first?.status.isError == true, "the error passed through the root too")
        #expect(exporter.spans(named: "sync-failing").first?.status == .error(description: "test error 8"))
    }

    @Test func thousandConcurrentTasksLoseAndDuplicateNothing() async throws {
        let (sdk, exporter) = makeSDK(batch: .init(maxQueueSize: 10_000, scheduleDelay: .milliseconds(20)))
        let rootIds = await withTaskGroup(of: (TraceID, SpanID).self) { group in
            for index in 0..<1000 {
                group.addTask {
                    await sdk.withTrace("request-\(index)") { trace in
                        Sightline.withSpan("llm-\(index)", type: .llm) { span in
                            span.model = "model-\(index)"
                        }
                        return (trace.id, Span.current!.spanId)
                    }
                }
            }
            var ids: [(TraceID, SpanID)] = []
            for await pair in group { ids.append(pair) }
            return ids
        }
        await sdk.flush()
        let spans = exporter.spans
        #expect(spans.count == 2000)
        #expect(Set(spans.map(\.spanId)).count == 2000, "no duplicated span ids")
        #expect(Set(rootIds.map(\.0)).count == 1000, "one trace per task")
        let roots = Dictionary(uniqueKeysWithValues: spans.filter(\.isLocalRoot).map { ($0.name, $0) })
        for span in spans where span.name.hasPrefix("llm-") {
            let index = span.name.dropFirst(4)
            let root = try #require(roots["request-\(index)"])
            #expect(span.parentSpanId == root.spanId)
            #expect(span.traceId == root.traceId)
            #expect(span.model == "model-\(index)")
        }
        #expect(sdk.diagnostics.value(of: .spansExported) == 2000)
        #expect(sdk.diagnostics.value(of: .spansDroppedQueueFull) == 0)
    }

    @Test func spanRecordsTypedLLMFields() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("root") { _ in
            Sightline.withSpan("chat", type: .llm, kind: .client) { span in
                span.model = "gpt-4o"
                span.responseModel = "gpt-4o-2024-08-06"
                span.provider = "openai"
                span.setInput(.chatMessages([.system("Be brief"), .user("Hi")]))
                span.setOutput(.text("Hello!"))
                span.usage = TokenUsage(input: 12, output: 5, cost: 0.0002)
                span.parameters = RequestParameters(temperature: 0.2, maxTokens: 100)
                span.setRAGContexts([RAGContext(documentId: "doc-1", content: "Swift")])
                span.addLabels(["beta"])
                span.setAttribute("flags", ["a", "b"])
                span.setAttribute("ratio", 0.5)
                span.setAttribute("ok", true)
                span.addEvent("first_token", attributes: [Attribute("position", 1)])
                span.addLink(SpanContext(traceId: .random(), spanId: .random(), isSampled: true))
                span.setStatus(.ok)
            }
        }
        await sdk.flush()
        let chat = try #require(exporter.spans(named: "chat").first)
        #expect(chat.kind == .client && chat.type == .llm)
        #expect(chat.model == "gpt-4o" && chat.responseModel == "gpt-4o-2024-08-06" && chat.provider == "openai")
        #expect(chat.input == .chatMessages([.system("Be brief"), .user("Hi")]))
        #expect(chat.output == .text("Hello!"))
        #expect(chat.usage == TokenUsage(input: 12, output: 5, cost: 0.0002))
        #expect(chat.parameters?.maxTokens == 100)
        #expect(chat.ragContexts.map(\.documentId) == ["doc-1"])
        #expect(chat.labels == ["beta"])
        #expect(chat.attribute("flags") == .array(["a", "b"]))
        #expect(chat.attribute("ratio") == .double(0.5))
        #expect(chat.attribute("ok") == .bool(true))
        #expect(chat.events.map(\.name) == ["first_token"])
        #expect(chat.links.count == 1)
        #expect(chat.status == .ok)
    }

    @Test func mutationAfterEndIsIgnoredAndCountedAndEndTwiceIsANoOp() async throws {
        let (sdk, exporter) = makeSDK()
        let escaped = await sdk.withTrace("root") { _ in
            Sightline.withSpan("short") { span in span }
        }
        escaped.setAttribute("late", "value")
        escaped.model = "late-model"
        escaped.end()
        await sdk.flush()
        let short = try #require(exporter.spans(named: "short").first)
        #expect(short.attribute("late") == nil && short.model == nil)
        #expect(exporter.spans(named: "short").count == 1, "ending twice exports once")
        #expect(sdk.diagnostics.value(of: .mutationsAfterEnd) == 2)
    }

    @Test func spansEndedFromAnotherTaskAreExportedOnce() async throws {
        let (sdk, exporter) = makeSDK()
        let span = sdk.startSpan("handed-off")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { span.end() } }
        }
        await sdk.flush()
        #expect(exporter.spans(named: "handed-off").count == 1)
    }

    @Test func spanOutsideAnyTraceStartsItsOwnTrace() async throws {
        let (sdk, exporter) = makeSDK()
        let traceId = sdk.withSpan("lonely") { span in span.traceId }
        await sdk.flush()
        let lonely = try #require(exporter.spans(named: "lonely").first)
        #expect(lonely.isLocalRoot && lonely.traceId == traceId && traceId.isValid)
    }

    @Test func withTraceInsideATraceStartsANewTrace() async throws {
        let (sdk, exporter) = makeSDK()
        await sdk.withTrace("outer") { outer in
            sdk.withTrace("inner") { inner in
                #expect(inner.id != outer.id)
            }
        }
        await sdk.flush()
        #expect(exporter.spans(named: "inner").first?.parentSpanId == nil)
    }

    @Test func contentCaptureOffDropsInputAndOutput() async throws {
        let (sdk, exporter) = makeSDK(captureContent: false)
        sdk.withSpan("chat", type: .llm) { span in
            span.setInput(.text("secret question"))
            span.setOutput(.text("secret answer"))
            span.model = "gpt-4o"
        }
        await sdk.flush()
        let chat = try #require(exporter.spans.first)
        #expect(chat.input == nil && chat.output == nil)
        #expect(chat.model == "gpt-4o")
    }

    @Test func disabledSDKRecordsNothingButKeepsTheAPIWorking() async {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(exporter: .custom(exporter), isDisabled: true))
        let value = await sdk.withTrace("root") { trace in
            Sightline.withSpan("child") { span in
                span.setAttribute("k", "v")
                #expect(!span.isRecording)
                return 5
            }
        }
        await sdk.flush()
        #expect(value == 5)
        #expect(exporter.spans.isEmpty)
        #expect(sdk.diagnostics.value(of: .spansStarted) == 0)
    }
}
