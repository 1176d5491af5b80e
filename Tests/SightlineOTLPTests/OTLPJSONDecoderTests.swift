import Foundation
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

/// OTLP/JSON in, the same `DecodedTraces` as the binary decoder out.
struct OTLPJSONDecoderTests {
    /// Both decodings of `spans`: through the JSON encoder and decoder, and through the binary ones.
    private func bothDecodings(_ spans: [FinishedSpan], resource: Resource,
                               decoder: OTLPJSONDecoder = OTLPJSONDecoder()) throws -> (json: DecodedTraces, protobuf: DecodedTraces) {
        let json = try decoder.decode(OTLPJSONEncoder().encode(spans, resource: resource))
        let protobuf = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode(spans, resource: resource))
        return (json, protobuf)
    }

    @Test func roundTripEqualsTheProtobufDecoderForEveryFieldAndValueKind() throws {
        let (json, protobuf) = try bothDecodings(SampleSpans.rich(), resource: SampleSpans.resource)
        compare(WireRequest(decoded: json), WireRequest(decoded: protobuf))
        compare(WireRequest(decoded: json), WireRequest(expected: SampleSpans.rich(), resource: SampleSpans.resource))
        // Apart from NaN, which is never equal to itself, the Swift values are equal too.
        #expect(json.withoutNaN == protobuf.withoutNaN)
        #expect(json.spans.first?.attributes.first { $0.key == "double.nan" }?.value.isNaN == true)
    }

    @Test func roundTripEqualsTheProtobufDecoderForAllFourConventions() async throws {
        let (spans, resource) = try await SampleSpans.recordedWithAllConventions()
        let (json, protobuf) = try bothDecodings(spans, resource: resource)
        #expect(json == protobuf)
        #expect(json.spans.count == 5)
    }

    @Test func randomBatchesRoundTripLikeTheProtobufDecoder() throws {
        var random = RandomSpans(seed: 29)
        let decoder = OTLPJSONDecoder()
        for _ in 0..<300 {
            let spans = random.batch()
            let resource = random.resource()
            let (json, protobuf) = try bothDecodings(spans, resource: resource, decoder: decoder)
            // OTLP/JSON writes every NaN as "NaN": a NaN's payload bits do not survive it.
            compare(WireRequest(decoded: json), WireRequest(decoded: protobuf.withCanonicalNaN))
        }
    }

    @Test func readsTheFormsOtherSendersWrite() throws {
        // snake_case names, numbers for 64-bit integers, enum names, upper-case hex, unknown
        // fields, nulls, escapes, unpadded URL-safe base64, a byte order mark.
        let text = """
        \u{FEFF}{"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"py"}}],
          "dropped_attributes_count":1,"entity_refs":[{"type":"x"}]},
          "schema_url":"https://opentelemetry.io/schemas/1.21.0",
          "scope_spans":[{"scope":{"name":"lib","version":"","attributes":[{"key":"a","value":{"bool_value":true}}]},
            "spans":[{"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00F067AA0BA902B7","parent_span_id":"",
              "name":"caf\\u00e9 \\ud83d\\ude00 \\/ \\ud800","kind":"SPAN_KIND_SERVER","flags":"769",
              "start_time_unix_nano":1700000000123456789,"end_time_unix_nano":"1.7e18",
              "attributes":[{"key":"i","value":{"int_value":-9223372036854775808}},
                            {"key":"d","value":{"double_value":"-Infinity"}},
                            {"key":"d2","value":{"double_value":"2.5e-3"}},
                            {"key":"b","value":{"bytes_value":"-_8"}},
                            {"key":"n","value":null},
                            {"key":"e","value":{}},
                            {"key":"arr","value":{"array_value":{"values":[{"int_value":"1"},{"string_value":null}]}}},
                            {"key":"kv","value":{"kvlist_value":{"values":[{"key":"x","value":{"double_value":1}}]}}}],
              "events":[{"time_unix_nano":"5","name":"ev","unknown":{"deep":[1,2,{"x":null}]}}],
              "links":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"1122334455667788","flags":256}],
              "dropped_events_count":"2","status":{"code":"STATUS_CODE_ERROR","message":"bad"},"future_field":true}]}]}]}
        """
        let decoded = try OTLPJSONDecoder().decode(Array(text.utf8))
        let span = DecodedSpan(
            traceId: TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736), spanId: SpanID(0x00F0_67AA_0BA9_02B7),
            flags: 769, name: "café 😀 / \u{FFFD}", kind: .server,
            startTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_123_456_789),
            endTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
            attributes: [Attribute("i", .int(.min)), Attribute("d", .double(-.infinity)), Attribute("d2", .double(0.0025)),
                         Attribute("b", .bytes([0xFB, 0xFF])), Attribute("n", ""), Attribute("e", ""),
                         Attribute("arr", [1, ""]), Attribute("kv", .keyValueList([Attribute("x", 1.0)]))],
            events: [SpanEvent(name: "ev", timestamp: Timestamp(nanosecondsSinceEpoch: 5))], droppedEventsCount: 2,
            links: [DecodedLink(traceId: TraceID(high: 0x0102_0304_0506_0708, low: 0x090A_0B0C_0D0E_0F10),
                                spanId: SpanID(0x1122_3344_5566_7788), flags: 256)],
            status: .error(description: "bad"))
        #expect(decoded == DecodedTraces(resourceSpans: [DecodedResourceSpans(
            resource: Resource(attributes: [Attribute("service.name", "py")]), resourceDroppedAttributesCount: 1,
            schemaURL: "https://opentelemetry.io/schemas/1.21.0",
            scopeSpans: [DecodedScopeSpans(scope: InstrumentationScope(name: "lib"),
                                           scopeAttributes: [Attribute("a", true)], spans: [span])])]))
        #expect(decoded.spans.first?.parentIsRemote == true)
    }

    @Test func absentFieldsReadAsTheBinaryDecoderReadsThem() throws {
        let decoded = try OTLPJSONDecoder().decode(Array(#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"bare","kind":0,"status":{"message":"dropped"}}]}]}]}"#.utf8))
        #expect(decoded == DecodedTraces(resourceSpans: [DecodedResourceSpans(
            resource: Resource(attributes: []),
            scopeSpans: [DecodedScopeSpans(scope: InstrumentationScope(name: ""), spans: [DecodedSpan(
                traceId: .invalid, spanId: .invalid, name: "bare", startTime: Timestamp(nanosecondsSinceEpoch: 0),
                endTime: Timestamp(nanosecondsSinceEpoch: 0))])])]))
        #expect(try OTLPJSONDecoder().decode(Array("{}".utf8)) == DecodedTraces(resourceSpans: []))
        #expect(try OTLPJSONDecoder().decode(Array(#" {"resourceSpans":null} "#.utf8)) == DecodedTraces(resourceSpans: []))
    }

    // MARK: Errors

    private func decodingError(_ text: String, _ decoder: OTLPJSONDecoder = OTLPJSONDecoder()) -> OTLPJSONDecodingError? {
        do {
            _ = try decoder.decode(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    private func spanBody(_ fields: String) -> String {
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"ok"},{"# + fields + "}]}]}]}"
    }

    @Test func anIdOfTheWrongLengthMarksItsSpanWithItsValue() throws {
        let decoder = OTLPJSONDecoder()
        func second(_ fields: String) throws -> DecodedSpan {
            let spans = try decoder.decode(Array(spanBody(fields).utf8)).spans
            #expect(spans.first?.malformedIdentifier == nil)
            return try #require(spans.last)
        }
        let short = try second(#""traceId":"abc","name":"next""#)
        #expect(short.traceId == .invalid && short.name == "next")
        #expect(short.malformedIdentifier == #""abc" is not a trace id: 32 hex digits expected"#)
        let parent = try second(#""parentSpanId":"00f067aa0ba902bz""#)
        #expect(parent.parentSpanId == nil)
        #expect(parent.malformedIdentifier == #""00f067aa0ba902bz" is not a span id: 16 hex digits expected"#)
        // Base64, what proto3 JSON would write for bytes, is not OTLP/JSON's form of an id.
        #expect(try second(#""spanId":"APBnqguaArc=""#).malformedIdentifier?.contains("is not a span id") == true)
        let link = try second(#""links":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"12"}]"#)
        #expect(link.malformedIdentifier == #""12" is not a span id: 16 hex digits expected"#)
        // An id that is not a string at all is a malformed request.
        #expect(decodingError(spanBody(#""traceId":5"#))?.path == "resourceSpans[0].scopeSpans[0].spans[1].traceId")
    }

    @Test func aValueOfTheWrongKindSaysWhatWasExpected() throws {
        let error = try #require(decodingError(spanBody(#""attributes":[{"key":"k","value":{"intValue":{"x":1}}}]"#)))
        #expect(error.reason == .wrongType(expected: "a 64-bit integer", found: "an object"))
        #expect(error.path == "resourceSpans[0].scopeSpans[0].spans[1].attributes[0].value.intValue")

        #expect(decodingError(spanBody(#""name":5"#))?.reason == .wrongType(expected: "a string", found: "a number"))
        #expect(decodingError(#"{"resourceSpans":{}}"#)?.reason == .wrongType(expected: "an array", found: "an object"))
        #expect(decodingError("[]")?.reason == .wrongType(expected: "an ExportTraceServiceRequest object", found: "an array"))
    }

    @Test(arguments: [
        (#""droppedAttributesCount":-1"#, #""-1" is not an unsigned 32-bit integer"#),
        (#""droppedAttributesCount":4294967296"#, #""4294967296" is not an unsigned 32-bit integer"#),
        (#""startTimeUnixNano":"18446744073709551616""#, #""18446744073709551616" is not an unsigned 64-bit integer"#),
        (#""startTimeUnixNano":"1.5""#, #""1.5" is not an unsigned 64-bit integer"#),
        (#""startTimeUnixNano":" 12""#, #"" 12" is not an unsigned 64-bit integer"#),
        (#""attributes":[{"value":{"intValue":"9223372036854775808"}}]"#, #""9223372036854775808" is not a 64-bit integer"#),
        (#""attributes":[{"value":{"doubleValue":"fast"}}]"#, #""fast" is not a number"#),
        (#""attributes":[{"value":{"bytesValue":"a"}}]"#, #""a" is not base64"#),
        (#""kind":"SERVER""#, #""SERVER" is not a span kind"#),
        (#""attributes":[{"value":{"stringValue":"a","intValue":"1"}}]"#,
         "a value with more than one kind set (intValue and another)"),
    ])
    func valuesOutOfRangeOrFormAreRejected(fields: String, message: String) throws {
        let error = try #require(decodingError(spanBody(fields)))
        #expect(error.reason == .invalidValue(message))
    }

    @Test(arguments: [
        ("", "the input ends where an ExportTraceServiceRequest object was expected"),
        ("   ", "the input ends where an ExportTraceServiceRequest object was expected"),
        ("not json", "found 'n' where an ExportTraceServiceRequest object was expected"),
        (#"{"resourceSpans":[]"#, "the input ends inside an object"),
        (#"{"resourceSpans":[],}"#, "expected a member name in quotes, found '}'"),
        (#"{"resourceSpans":[{},]}"#, "a ',' before ']'"),
        (#"{"a" 1}"#, "expected ':' after a member name"),
        (#"{"a":01}"#, "expected ',' or '}' after an object member, found '1'"),
        (#"{"a":tru}"#, "expected 'true'"),
        (#"{"a":"\x"}"#, "unknown escape '\\x'"),
        (#"{"a":"\u12"}"#, "'\\u' must be followed by four hex digits"),
        ("{\"a\":\"line\nbreak\"}", "a control character (byte 0xA) inside a string; it must be escaped"),
        (#"{"a":"open"#, "a string that is never closed"),
        (#"{} {}"#, "'{' after the end of the JSON value"),
        (#"{"a":-}"#, "not a valid JSON number"),
    ])
    func textThatIsNotJSONIsRejected(text: String, detail: String) {
        #expect(decodingError(text)?.reason == .invalidJSON(detail))
    }

    @Test func theSizeLimitIsCheckedFirst() {
        let decoder = OTLPJSONDecoder(maximumInputSize: 10)
        #expect(decodingError(#"{"resourceSpans":[]}"#, decoder)?.reason == .tooLarge(byteCount: 20, limit: 10))
        #expect(decodingError("{}", decoder) == nil)
    }

    @Test func nestingIsBoundedInValuesAndInUnknownFields() throws {
        func nestedArrays(_ depth: Int) -> String {
            let value = String(repeating: #"{"arrayValue":{"values":["#, count: depth) + #"{"intValue":"1"}"#
                + String(repeating: "]}}", count: depth)
            return spanBody(#""attributes":[{"key":"deep","value":"# + value + "}]")
        }
        let decoded = try OTLPJSONDecoder().decode(Array(nestedArrays(40).utf8))
        #expect(decoded.spans.last?.attributes.count == 1)
        #expect(decodingError(nestedArrays(100))?.reason == .nestingTooDeep(limit: 200))
        // Far deeper than the stack could take if the decoder recursed without a limit.
        let unknown = spanBody(#""unknown":"# + String(repeating: "[", count: 500_000) + String(repeating: "]", count: 500_000))
        #expect(decodingError(unknown)?.reason == .nestingTooDeep(limit: 200))
    }

    @Test func tinyJSONThatDecodesToLargeValuesHitsTheMemoryLimit() {
        // Three bytes of JSON per span, a whole span in memory.
        let spans = Array(repeating: "{}", count: 200_000).joined(separator: ",")
        let text = #"{"resourceSpans":[{"scopeSpans":[{"spans":["# + spans + "]}]}]}"
        let decoder = OTLPJSONDecoder(memoryLimit: 4 << 20)
        #expect(decodingError(text, decoder)?.reason == .memoryLimitExceeded(limit: 4 << 20))
        #expect(decodingError(text) == nil)
    }

    @Test func everyPrefixOfARequestThrows() throws {
        let spans = Array(SampleSpans.rich()[1...])
        let bytes = OTLPJSONEncoder().encode(spans, resource: SampleSpans.resource)
        let decoder = OTLPJSONDecoder()
        for length in 0..<bytes.count {
            #expect(throws: OTLPJSONDecodingError.self) { try decoder.decode(Array(bytes[..<length])) }
        }
        #expect(try decoder.decode(bytes).spans.count == spans.count)
    }

    @Test func randomMutationsThrowOrDecodeWithoutCrashing() throws {
        var spans = SampleSpans.rich()
        spans[0].attributes = spans[0].attributes.filter { $0.key != "string.large" }
        spans[0].events = []
        let valid = OTLPJSONEncoder().encode(spans, resource: SampleSpans.resource)
        let decoder = OTLPJSONDecoder(memoryLimit: 1 << 20)
        var random = SeededGenerator(seed: 0x150_4E)
        var outcomes = (decoded: 0, thrown: 0)
        for _ in 0..<3000 {
            var bytes = valid
            for _ in 0...random.below(3) {
                let position = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] = Array(#"{}[]",:"\0-eE."#.utf8)[random.below(13)]
                case 2: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                }
            }
            do {
                _ = try decoder.decode(bytes)
                outcomes.decoded += 1
            } catch {
                outcomes.thrown += 1
            }
        }
        #expect(outcomes.thrown > 0)
        #expect(outcomes.decoded > 0)
        #expect(try decoder.decode(valid).spans.count == spans.count)
    }

    @Test func randomBytesThrow() {
        var random = SeededGenerator(seed: 7)
        let decoder = OTLPJSONDecoder()
        for _ in 0..<3000 {
            var bytes = (0..<random.below(300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Half the inputs start like a request, so the decoder gets past the first byte.
            if random.below(2) == 0 { bytes = Array(#"{"resourceSpans":[{"#.utf8) + bytes }
            #expect(throws: OTLPJSONDecodingError.self) { try decoder.decode(bytes) }
        }
    }
}

/// JSON written by protobuf's reference JSON printer (Python `json_format`), from the binary
/// request the Swift encoder wrote, with the ids turned into hex as OTLP/JSON has them.
@Suite(.enabled(if: InteropEnvironment.shouldRun, InteropPython.skipReason))
struct OTLPJSONDecoderInteropTests {
    @Test(arguments: [(false, false), (true, false), (false, true)])
    func readsWhatTheReferencePrinterWrites(snakeCase: Bool, integerEnums: Bool) async throws {
        let spans = SampleSpans.rich()
        let binary = OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource)
        let json = try await ReferenceJSONPrinter.print(binary, snakeCase: snakeCase, integerEnums: integerEnums)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(snakeCase ? "\"resource_spans\"" : "\"resourceSpans\""))
        #expect(text.contains(integerEnums ? "\"kind\": 2" : "\"SPAN_KIND_SERVER\""))
        let decoded = try OTLPJSONDecoder().decode(json)
        compare(WireRequest(decoded: decoded), WireRequest(decoded: try OTLPProtobufDecoder().decode(binary)))
    }
}

enum ReferenceJSONPrinter {
    private static let script = #"""
    import base64, json, sys
    from google.protobuf import json_format
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

    snake, integer_enums = sys.argv[2] == "snake", sys.argv[3] == "int"
    request = ExportTraceServiceRequest()
    with open(sys.argv[1], "rb") as file:
        request.ParseFromString(file.read())
    document = json_format.MessageToDict(request, preserving_proto_field_name=snake, use_integers_for_enums=integer_enums)

    def name(camel, snake_name):
        return snake_name if snake else camel

    def ids_to_hex(message, keys):
        for key in keys:
            if key in message:
                message[key] = base64.b64decode(message[key]).hex()

    for resource_spans in document.get(name("resourceSpans", "resource_spans"), []):
        for scope_spans in resource_spans.get(name("scopeSpans", "scope_spans"), []):
            for span in scope_spans.get("spans", []):
                ids_to_hex(span, [name("traceId", "trace_id"), name("spanId", "span_id"), name("parentSpanId", "parent_span_id")])
                for link in span.get("links", []):
                    ids_to_hex(link, [name("traceId", "trace_id"), name("spanId", "span_id")])
    sys.stdout.write(json.dumps(document, indent=1))
    """#

    struct Failed: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "the reference JSON printer exited with \(status): \(stderr)" }
    }

    /// The request `binary` as `json_format` prints it (ASCII, non-ASCII characters as `\u` escapes).
    static func print(_ binary: [UInt8], snakeCase: Bool, integerEnums: Bool) async throws -> [UInt8] {
        let python = try #require(InteropEnvironment.python, "SIGHTLINE_INTEROP_PYTHON is not set: run the tests through Scripts/test.sh")
        return try await offConcurrencyPool { try run(python, binary, snakeCase: snakeCase, integerEnums: integerEnums) }
    }

    private static func run(_ python: String, _ binary: [UInt8], snakeCase: Bool, integerEnums: Bool) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-json-\(UUID().uuidString).pb")
        defer { try? FileManager.default.removeItem(at: input) }
        try Data(binary).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, input.path, snakeCase ? "snake" : "camel", integerEnums ? "int" : "name"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(status: process.terminationStatus, stderr: String(decoding: errorText, as: UTF8.self))
        }
        return Array(printed)
    }
}

extension DecodedTraces {
    /// Every attribute value of the request rewritten by `transform`.
    func mapValues(_ transform: (AttributeValue) -> AttributeValue) -> DecodedTraces {
        func map(_ attributes: [Attribute]) -> [Attribute] {
            attributes.map { Attribute($0.key, mapValue($0.value)) }
        }
        func mapValue(_ value: AttributeValue) -> AttributeValue {
            switch value {
            case .array(let elements): return transform(.array(elements.map(mapValue)))
            case .keyValueList(let pairs): return transform(.keyValueList(map(pairs)))
            default: return transform(value)
            }
        }
        var copy = self
        for r in copy.resourceSpans.indices {
            copy.resourceSpans[r].resource.attributes = map(copy.resourceSpans[r].resource.attributes)
            for s in copy.resourceSpans[r].scopeSpans.indices {
                copy.resourceSpans[r].scopeSpans[s].scopeAttributes = map(copy.resourceSpans[r].scopeSpans[s].scopeAttributes)
                for p in copy.resourceSpans[r].scopeSpans[s].spans.indices {
                    var span = copy.resourceSpans[r].scopeSpans[s].spans[p]
                    span.attributes = map(span.attributes)
                    span.events = span.events.map { event in
                        var event = event
                        event.attributes = map(event.attributes)
                        return event
                    }
                    span.links = span.links.map { link in
                        var link = link
                        link.attributes = map(link.attributes)
                        return link
                    }
                    copy.resourceSpans[r].scopeSpans[s].spans[p] = span
                }
            }
        }
        return copy
    }

    /// Every NaN replaced by the one `Double.nan`.
    var withCanonicalNaN: DecodedTraces {
        mapValues { $0.isNaN ? .double(.nan) : $0 }
    }

    /// Every NaN replaced by a string, so that equal requests compare equal.
    var withoutNaN: DecodedTraces {
        mapValues { $0.isNaN ? .string("NaN") : $0 }
    }
}
