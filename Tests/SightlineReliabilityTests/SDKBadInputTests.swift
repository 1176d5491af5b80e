import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import SightlineOTLPDecoding
import Testing

/// Input a careless or hostile caller hands the SDK: each case has a documented outcome
/// (RELIABILITY.md) and nothing crashes, hangs or disappears without a count.
@Suite("SDK bad input", .timeLimit(.minutes(1)))
struct SDKBadInputTests {
    /// An SDK recording into memory, with every convention so that metadata goes through each writer.
    static func recording(limits: SpanLimits = SpanLimits(),
                          conventions: [Convention] = [.genAI, .langWatch, .laminar, .openInference]) -> (Sightline, InMemoryExporter) {
        let exporter = InMemoryExporter()
        let sdk = Sightline(Configuration(serviceName: "bad-input", exporter: .custom(exporter), conventions: conventions,
                                          limits: limits, batch: .init(scheduleDelay: .milliseconds(10))))
        return (sdk, exporter)
    }

    /// The spans as a binary OTLP request, decoded again.
    static func throughProtobuf(_ spans: [FinishedSpan]) throws -> [DecodedSpan] {
        try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode(spans, resource: Resource(serviceName: "bad-input"))).spans
    }

    @Test func hugeValuesAreTruncatedToTheLimitAndCounted() async throws {
        let (sdk, exporter) = Self.recording(limits: SpanLimits(attributeValueLengthLimit: 1000))
        let huge = String(repeating: "é", count: 5_000_000)
        sdk.withSpan("huge") { span in
            span.setAttribute("text", huge)
            span.setAttribute("list", ["short", huge])
            span.addEvent("event", attributes: [Attribute("text", .string(huge))])
        }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.attributes.first { $0.key == "text" }?.value == .string(String(repeating: "é", count: 1000)))
        #expect(span.attributes.first { $0.key == "list" }?.value == .strings(["short", String(repeating: "é", count: 1000)]))
        #expect(span.events.first?.attributes.first?.value == .string(String(repeating: "é", count: 1000)))
        #expect(sdk.diagnostics.value(of: .attributeValuesTruncated) == 2)
        await sdk.shutdown()

        // Without a length limit (the OpenTelemetry default) a 10 MB value is kept and encoded whole.
        let (unlimited, whole) = Self.recording()
        unlimited.withSpan("whole") { $0.setAttribute("text", huge) }
        await unlimited.flush()
        let decoded = try Self.throughProtobuf(whole.spans)
        #expect(decoded.first?.attributes.first { $0.key == "text" }?.value.stringValue?.utf8.count == huge.utf8.count)
        await unlimited.shutdown()
    }

    /// A nested array 10,000 levels deep: `[[[…"bottom"…]]]`.
    static func nested(depth: Int) -> JSONValue {
        var value: JSONValue = "bottom"
        for level in 0..<depth { value = level.isMultiple(of: 2) ? .array([value]) : .object(["k": value]) }
        return value
    }

    @Test func deeplyNestedMetadataIsWrittenWholeWithoutOverflowingTheStack() async throws {
        let depth = 10_000
        let (sdk, exporter) = Self.recording()
        sdk.withTrace("deep", metadata: TraceMetadata(custom: ["deep": Self.nested(depth: depth)])) { _ in }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        // OpenInference writes all custom metadata as one JSON text; LangWatch one text per key.
        let text = try #require(span.attributes.first { $0.key == "metadata.deep" }?.value.stringValue)
        let expected = String(repeating: "{\"k\":[", count: depth / 2) + "\"bottom\"" + String(repeating: "]}", count: depth / 2)
        // Compared apart from #expect, which would print 40 kB on a failure.
        let writtenWhole = text == expected
        #expect(writtenWhole, "\(text.utf8.count) bytes, expected \(expected.utf8.count)")
        // Both encoders write it, and the binary one reads back.
        let json = OTLPJSONEncoder().encode(exporter.spans, resource: Resource(serviceName: "bad-input"))
        #expect(json.count > text.utf8.count)
        let decoded = try Self.throughProtobuf(exporter.spans)
        let readBack = decoded.first?.attributes.first { $0.key == "metadata.deep" }?.value.stringValue == text
        #expect(readBack)
        let openInference = span.attributes.first { $0.key == "metadata" }?.value.stringValue
        let embedded = openInference == "{\"deep\":" + expected + "}"
        #expect(embedded)
        await sdk.shutdown()
    }

    @Test func nanAndInfinitiesStayValidJSONAndRoundTripInProtobuf() async throws {
        let (sdk, exporter) = Self.recording()
        sdk.withTrace("numbers", metadata: TraceMetadata(custom: ["score": .double(.infinity), "nan": .double(.nan)])) { _ in
            Sightline.withSpan("llm", type: .llm) { span in
                span.setAttribute("nan", Double.nan)
                span.setAttribute("plus", Double.infinity)
                span.setAttribute("minus", -Double.infinity)
                span.usage = TokenUsage(input: 1, output: 1, cost: .nan)
                span.parameters = RequestParameters(temperature: .infinity)
            }
        }
        await sdk.flush()
        let spans = exporter.spans
        #expect(spans.count == 2)

        // OTLP/JSON: the proto3 JSON strings for doubles; inside JSON text attributes, null.
        let json = OTLPJSONEncoder().encode(spans, resource: Resource(serviceName: "bad-input"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json))
        let text = String(decoding: json, as: UTF8.self)
        #expect(parsed is [String: Any])
        #expect(text.contains(#""key":"nan","value":{"doubleValue":"NaN"}"#))
        #expect(text.contains(#""key":"plus","value":{"doubleValue":"Infinity"}"#))
        #expect(text.contains(#""key":"minus","value":{"doubleValue":"-Infinity"}"#))
        let llm = try #require(spans.first { $0.name == "llm" })
        #expect(llm.attributes.first { $0.key == "langwatch.metrics" }?.value.stringValue?.contains("null") == true)
        for attribute in spans.flatMap(\.attributes) {
            guard case .string(let value) = attribute.value, value.hasPrefix("{") || value.hasPrefix("[") else { continue }
            #expect((try? JSONSerialization.jsonObject(with: Data(value.utf8))) != nil, "\(attribute.key): \(value)")
        }

        // Binary OTLP carries the IEEE values themselves.
        let decoded = try #require(try Self.throughProtobuf(spans).first { $0.name == "llm" })
        func double(_ key: String) -> Double? {
            if case .double(let value)? = decoded.attributes.first(where: { $0.key == key })?.value { return value }
            return nil
        }
        #expect(double("nan")?.isNaN == true)
        #expect(double("plus") == .infinity && double("minus") == -.infinity)

        // The collector stores them and its JSON replies stay valid JSON.
        try await InProcessCollector.with { collector in
            let exporter = try OTLPHTTPExporter(settings: OTLPSettings(endpoint: collector.baseURL))
            try await exporter.export(SpanBatch(resource: Resource(serviceName: "bad-input"), spans: spans))
            await exporter.shutdown()
            for path in ["/api/traces/\(llm.traceId.hex)", "/api/traces", "/api/users"] {
                let reply = try await collector.send(.GET, path)
                #expect(reply.status == 200, "\(path): \(String(decoding: reply.body, as: UTF8.self))")
                #expect((try? JSONSerialization.jsonObject(with: Data(reply.body))) != nil, "\(path)")
            }
        }
        await sdk.shutdown()
    }

    @Test func anEmptyNameIsKeptAsIs() async throws {
        let (sdk, exporter) = Self.recording()
        sdk.withSpan("") { span in span.setAttribute("", "empty key") }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.name == "")
        let decoded = try #require(try Self.throughProtobuf([span]).first)
        #expect(decoded.name == "" && decoded.attributes.contains { $0.key == "" })
        let json = OTLPJSONEncoder().encode([span], resource: Resource(serviceName: "bad-input"))
        #expect((try? JSONSerialization.jsonObject(with: Data(json))) != nil)
        await sdk.shutdown()
    }

    @Test func thousandsOfAttributesAndEventsAreCappedAndTheRestCounted() async throws {
        let (sdk, exporter) = Self.recording(conventions: [])
        sdk.withSpan("wide") { span in
            for index in 0..<5000 { span.setAttribute("key.\(index)", index) }
            // An existing key can still change once the span is full.
            span.setAttribute("key.0", "changed")
            for index in 0..<1000 { span.addEvent("event \(index)") }
        }
        await sdk.flush()
        let span = try #require(exporter.spans.first)
        #expect(span.attributes.count == 128)
        #expect(span.attributes.first?.value == .string("changed"))
        #expect(span.droppedAttributesCount == 4872)
        #expect(span.events.count == 128 && span.droppedEventsCount == 872)
        #expect(sdk.diagnostics.value(of: .attributesDropped) == 4872)
        #expect(sdk.diagnostics.value(of: .eventsDropped) == 872)
        // The counts travel with the span, as OTLP's dropped_*_count.
        let decoded = try #require(try Self.throughProtobuf([span]).first)
        #expect(decoded.droppedAttributesCount == 4872 && decoded.droppedEventsCount == 872)
        await sdk.shutdown()
    }

    @Test func aSpanEndedFromManyTasksAtOnceIsExportedOnce() async throws {
        let (sdk, exporter) = Self.recording(conventions: [])
        let span = sdk.startSpan("shared")
        // Writers and enders race: what lands before the end is exported, the rest is counted.
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<10 { span.setAttribute("w\(writer).\(index)", index) }
                }
            }
            for _ in 0..<8 {
                group.addTask { span.end() }
            }
        }
        await Task.detached { span.end() }.value
        await sdk.flush()
        #expect(exporter.spans.count == 1)
        #expect(sdk.diagnostics.value(of: .spansEnded) == 1)
        let exported = try #require(exporter.spans.first)
        #expect(exported.attributes.count + sdk.diagnostics.value(of: .mutationsAfterEnd) == 80)
        #expect(span.isEnded)
        await sdk.shutdown()
    }

    @Test func usingASpanAfterItEndedChangesNothingAndIsCounted() async throws {
        let (sdk, exporter) = Self.recording(conventions: [])
        let span = sdk.startSpan("done")
        span.setAttribute("before", 1)
        span.end()
        span.setAttribute("after", 2)
        span.name = "renamed"
        span.setInput(.text("late"))
        span.addEvent("late event")
        span.setStatus(.error(description: "late"))
        span.usage = TokenUsage(input: 5)
        span.addLabels(["late"])
        span.end()
        await sdk.flush()
        #expect(sdk.diagnostics.value(of: .mutationsAfterEnd) == 7)
        #expect(exporter.spans.count == 1)
        let exported = try #require(exporter.spans.first)
        #expect(exported.name == "done")
        #expect(exported.attributes == [Attribute("before", 1)])
        #expect(exported.input == nil && exported.events.isEmpty && exported.status == .unset && exported.usage == nil)
        #expect(exported.labels.isEmpty)
        // Reading after the end works and shows the frozen values.
        #expect(span.name == "done" && span.attributes.count == 1)
        await sdk.shutdown()
    }
}
