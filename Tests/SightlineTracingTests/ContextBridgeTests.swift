import Sightline
import SightlineTracing
import Testing
import Tracing

/// Library spans (started through the swift-distributed-tracing API, as Hummingbird and
/// async-http-client start theirs) and Sightline spans nest under each other in both directions.
@Suite struct ContextBridgeTests {
    @Test func libraryAndSightlineSpansNestInBothDirections() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        sightline.withTrace("sightline root") { _ in
            tracer.withSpan("library outer", ofKind: .server) { _ in
                sightline.withSpan("sightline middle", type: .llm) { _ in
                    tracer.withSpan("library inner", ofKind: .client) { _ in
                        sightline.withSpan("sightline leaf") { _ in }
                    }
                }
            }
        }
        await sightline.flush()

        let root = try exporter.span("sightline root")
        let libraryOuter = try exporter.span("library outer")
        let middle = try exporter.span("sightline middle")
        let libraryInner = try exporter.span("library inner")
        let leaf = try exporter.span("sightline leaf")
        #expect(libraryOuter.isChild(of: root))
        #expect(middle.isChild(of: libraryOuter))
        #expect(libraryInner.isChild(of: middle))
        #expect(leaf.isChild(of: libraryInner))
        #expect(exporter.spans.count == 5)
        #expect(libraryOuter.kind == .server && libraryInner.kind == .client && middle.type == .llm)
    }

    @Test func aLibrarySpanStartsATraceThatSightlineSpansJoin() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        tracer.withSpan("library root", ofKind: .server) { _ in
            sightline.withSpan("sightline child") { _ in }
        }
        await sightline.flush()

        let root = try exporter.span("library root")
        #expect(root.parentSpanId == nil && root.isLocalRoot)
        #expect(try exporter.span("sightline child").isChild(of: root))
    }

    @Test func nestingHoldsAcrossAsyncLetAndTaskGroupsUnderALibrarySpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        await tracer.withSpan("library root", ofKind: .server) { _ in
            async let viaAsyncLet: Void = sightline.withSpan("sightline in async let") { _ in
                tracer.withSpan("library under async let") { _ in }
            }
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        await sightline.withSpan("sightline in group \(index)") { _ in
                            async let nested: Void = tracer.withSpan("library under group \(index)") { _ in
                                sightline.withSpan("sightline leaf \(index)") { _ in }
                            }
                            await nested
                        }
                    }
                }
            }
            await viaAsyncLet
        }
        await sightline.flush()

        let root = try exporter.span("library root")
        let inAsyncLet = try exporter.span("sightline in async let")
        #expect(inAsyncLet.isChild(of: root))
        #expect(try exporter.span("library under async let").isChild(of: inAsyncLet))
        for index in 0..<3 {
            let inGroup = try exporter.span("sightline in group \(index)")
            let libraryUnderGroup = try exporter.span("library under group \(index)")
            #expect(inGroup.isChild(of: root))
            #expect(libraryUnderGroup.isChild(of: inGroup))
            #expect(try exporter.span("sightline leaf \(index)").isChild(of: libraryUnderGroup))
        }
        #expect(exporter.spans.count == 12)
    }

    @Test func nestingHoldsAcrossAsyncLetAndTaskGroupsUnderASightlineSpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        await sightline.withTrace("sightline root") { _ in
            async let viaAsyncLet: Void = tracer.withSpan("library in async let") { _ in
                sightline.withSpan("sightline under async let") { _ in }
            }
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        await tracer.withSpan("library in group \(index)", ofKind: .client) { _ in
                            await withTaskGroup(of: Void.self) { inner in
                                inner.addTask { sightline.withSpan("sightline leaf \(index)") { _ in } }
                            }
                        }
                    }
                }
            }
            await viaAsyncLet
        }
        await sightline.flush()

        let root = try exporter.span("sightline root")
        let inAsyncLet = try exporter.span("library in async let")
        #expect(inAsyncLet.isChild(of: root))
        #expect(try exporter.span("sightline under async let").isChild(of: inAsyncLet))
        for index in 0..<3 {
            let inGroup = try exporter.span("library in group \(index)")
            #expect(inGroup.isChild(of: root))
            #expect(try exporter.span("sightline leaf \(index)").isChild(of: inGroup))
        }
    }

    @Test func siblingsEndingDoesNotLeakIntoTheNextSibling() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        tracer.withSpan("library root") { _ in
            sightline.withSpan("first") { _ in
                tracer.withSpan("inside first") { _ in }
            }
            tracer.withSpan("second") { _ in }
            sightline.withSpan("third") { _ in }
        }
        await sightline.flush()

        let root = try exporter.span("library root")
        #expect(try exporter.span("inside first").isChild(of: exporter.span("first")))
        for name in ["first", "second", "third"] {
            #expect(try exporter.span(name).isChild(of: root), "\(name)")
        }
    }

    @Test func spanCurrentInsideALibrarySpanIsItsSightlineSpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        tracer.withSpan("library span", ofKind: .client) { librarySpan in
            #expect(Sightline::Span.current === librarySpan.span)
            Sightline::Span.current?.model = "gpt-4o"
            Sightline::Span.current?.usage = TokenUsage(input: 12, output: 5)
            #expect(Sightline.currentContext.spanContext == librarySpan.span.context)
            #expect(Trace.current === librarySpan.span.trace)
        }
        await sightline.flush()

        let span = try exporter.span("library span")
        #expect(span.model == "gpt-4o")
        // The tokens as set; the cost is gpt-4o's price for them (the SDK fills in what was not given).
        #expect(span.usage?.inputTokens == 12 && span.usage?.outputTokens == 5)
        #expect(span.usage?.cost == ModelPrices.builtIn.cost(of: TokenUsage(input: 12, output: 5), model: "gpt-4o"))
    }

    @Test func aCapturedSightlineContextRestoredInsideALibrarySpanWins() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let captured = sightline.withTrace("earlier trace") { _ in Sightline.currentContext }
        tracer.withSpan("library span") { _ in
            Sightline.withContext(captured) {
                sightline.withSpan("restored child") { _ in
                    tracer.withSpan("library under restored") { _ in }
                }
            }
        }
        await sightline.flush()

        let earlier = try exporter.span("earlier trace")
        let restored = try exporter.span("restored child")
        #expect(restored.isChild(of: earlier))
        #expect(try exporter.span("library under restored").isChild(of: restored))
    }

    @Test func aDetachedTaskCarriesTheLibraryContextExplicitly() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        await tracer.withSpan("library span") { _ in
            let context = InstrumentationContext.current
            await Task.detached {
                #expect(Sightline::Span.current == nil)
                InstrumentationContext.withValue(context) {
                    sightline.withSpan("in detached task") { _ in }
                }
            }.value
        }
        await sightline.flush()

        #expect(try exporter.span("in detached task").isChild(of: exporter.span("library span")))
    }

    @Test func anExplicitContextNamesTheParentEvenInsideAnotherSpan() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let stored = tracer.startSpan("stored request", ofKind: .server)
        sightline.withTrace("unrelated work") { _ in
            let child = tracer.startSpan("child of stored", context: stored.context)
            child.end()
            // The same context passed implicitly is still the task's current one: no stored span there.
            tracer.withSpan("child of unrelated") { _ in }
        }
        stored.end()
        await sightline.flush()

        let storedSpan = try exporter.span("stored request")
        #expect(try exporter.span("child of stored").isChild(of: storedSpan))
        #expect(try exporter.span("child of unrelated").isChild(of: exporter.span("unrelated work")))
    }

    @Test func anInstrumentationContextCanCarryASightlineSpanToALibrary() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        let captured = sightline.withTrace("sightline root") { _ in Sightline.currentContext }
        var context = InstrumentationContext.topLevel
        context.sightlineContext = captured
        tracer.startSpan("library child", context: context).end()
        await sightline.flush()

        #expect(try exporter.span("library child").isChild(of: exporter.span("sightline root")))
        #expect(context.sightlineContext.span === captured.span)
    }

    @Test func librarySpansUseTheTracerFoundThroughTheInstrumentationSystem() async throws {
        let exporter = InMemoryExporter()
        let (sightline, tracer) = makeTracedSDK(exporter: exporter)
        withTracer(tracer) {
            sightline.withTrace("sightline root") { _ in
                // What a library does: the global tracer, the current context.
                InstrumentationSystem.tracer.withSpan("via instrumentation system", ofKind: .client) { span in
                    #expect(span.isRecording)
                }
            }
        }
        await sightline.flush()

        #expect(try exporter.span("via instrumentation system").isChild(of: exporter.span("sightline root")))
    }
}
