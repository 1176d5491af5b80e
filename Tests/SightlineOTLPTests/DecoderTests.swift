import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

struct DecoderTests {
    @Test func roundTripKeepsEveryField() throws {
        let spans = SampleSpans.rich()
        let bytes = OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource)
        let decoded = try OTLPProtobufDecoder().decode(bytes)
        compare(WireRequest(decoded: decoded), WireRequest(expected: spans, resource: SampleSpans.resource))
    }

    @Test func roundTripGivesBackSightlineValues() throws {
        let spans = SampleSpans.rich()
        let decoded = try OTLPProtobufDecoder().decode(OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource))
        #expect(decoded.resourceSpans.map(\.resource) == [SampleSpans.resource])
        let root = try #require(decoded.spans.first)
        let original = spans[0]
        #expect(root.traceId == original.traceId)
        #expect(root.spanId == original.spanId)
        #expect(root.parentSpanId == nil)
        #expect(root.name == "root \u{0} span 🚀")
        #expect(root.kind == .server)
        #expect(root.isSampled)
        #expect(root.parentIsRemote == false)
        #expect(root.traceState == original.context.traceState)
        #expect(root.events == original.events)
        #expect(root.links.map(\.context) == original.links.map(\.context))
        #expect(root.links.map(\.attributes) == original.links.map(\.attributes))
        #expect(root.status == .ok)
        // NaN is never equal to itself; every other attribute compares directly.
        let withoutNaN = original.attributes.filter { $0.key != "double.nan" }
        #expect(root.attributes.filter { $0.key != "double.nan" } == withoutNaN)
        #expect(root.attributes.first { $0.key == "double.nan" }?.value.isNaN == true)

        let byName = Dictionary(uniqueKeysWithValues: decoded.spans.map { ($0.name, $0) })
        #expect(byName["chat gpt-4o"]?.status == .error(description: "boom\u{0} 💥 \"quoted\""))
        #expect(byName["chat gpt-4o"]?.isSampled == false)
        #expect(byName["chat gpt-4o"]?.parentSpanId == original.spanId)
        #expect(byName["process message"]?.parentIsRemote == true)
        #expect(byName["process message"]?.flags == 0x301)
    }

    @Test func randomBatchesRoundTrip() throws {
        let encoder = OTLPProtobufEncoder(initialCapacity: 256)
        let decoder = OTLPProtobufDecoder()
        var random = RandomSpans(seed: 11)
        for _ in 0..<300 {
            let spans = random.batch()
            let resource = random.resource()
            let decoded = try decoder.decode(encoder.encode(spans, resource: resource))
            compare(WireRequest(decoded: decoded), WireRequest(expected: spans, resource: resource))
        }
    }

    @Test func emptyInputIsAnEmptyRequest() throws {
        #expect(try OTLPProtobufDecoder().decode([]) == DecodedTraces(resourceSpans: []))
    }

    @Test(arguments: [
        [0xFF],
        [0x0A, 0x05, 0x01],  // a length past the end
        [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],  // an overlong varint
        [0x0B, 0x00],  // start group, a wire type protobuf-c rejects
        [0x00, 0x00],  // field number zero
        Array("not protobuf at all, just text".utf8),
        WireBytes.request(span: [0x09, 0x01]),  // trace_id with the wrong wire type
    ] as [[UInt8]])
    func garbageThrows(bytes: [UInt8]) {
        #expect(throws: OTLPDecodingError.self) { try OTLPProtobufDecoder().decode(bytes) }
    }

    @Test func cutInsideAFieldThrows() throws {
        let bytes = OTLPProtobufEncoder().encode(SampleSpans.rich(), resource: SampleSpans.resource)
        let decoder = OTLPProtobufDecoder()
        // Inside the 100 kB attribute value, and one byte short of the end.
        #expect(throws: OTLPDecodingError.malformed) { try decoder.decode(Array(bytes.prefix(bytes.count / 2))) }
        #expect(throws: OTLPDecodingError.malformed) { try decoder.decode(Array(bytes.dropLast())) }
        // The decoder is still usable afterwards.
        #expect(try decoder.decode(bytes).spans.count == 5)
    }

    @Test func everyPrefixDecodesOrThrowsWithoutCrashing() throws {
        let spans = Array(SampleSpans.rich()[1...])
        let bytes = OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource)
        let decoder = OTLPProtobufDecoder()
        var thrown = 0
        for length in 0..<bytes.count {
            do { _ = try decoder.decode(Array(bytes[..<length])) } catch { thrown += 1 }
        }
        #expect(thrown > bytes.count / 2)
        #expect(try decoder.decode(bytes).spans.count == spans.count)
    }

    @Test func randomMutationsNeverCrash() throws {
        var spans = SampleSpans.rich()
        spans[0].attributes = spans[0].attributes.filter { $0.key != "string.large" }
        spans[0].events = []
        let valid = OTLPProtobufEncoder().encode(spans, resource: SampleSpans.resource)
        let decoder = OTLPProtobufDecoder(memoryLimit: 1 << 20)
        var random = SeededGenerator(seed: 0x5EED)
        var outcomes = (decoded: 0, thrown: 0)
        for _ in 0..<4000 {
            var bytes = valid
            for _ in 0...random.below(4) {
                let position = random.below(bytes.count)
                switch random.below(4) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] ^= UInt8(1) << UInt8(random.below(8))
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

    /// Random bytes behind a tag whose wire type does not exist (6 or 7) are never a request:
    /// the decoder answers `.malformed`, whatever follows.
    @Test func randomBytesAfterAnInvalidTagAreMalformed() {
        let seed = TestSeed()
        var random = SeededGenerator(seed: seed.value)
        let decoder = OTLPProtobufDecoder(memoryLimit: 1 << 20)
        for _ in 0..<3000 {
            var bytes = (0...random.below(300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Field number 1 to 15 (one byte, no continuation bit), wire type 6 or 7.
            bytes[0] = UInt8(1 + random.below(15)) << 3 | UInt8(6 + random.below(2))
            #expect(throws: OTLPDecodingError.malformed, "\(seed): \(bytes)") { try decoder.decode(bytes) }
        }
    }

    /// Random requests decode to exactly what was encoded, and every proper prefix of one (cut
    /// inside its single `ResourceSpans`) is an error, never a shorter request.
    @Test func randomRequestsDecodeToThemselvesAndTheirPrefixesAreErrors() throws {
        let seed = TestSeed()
        var spans = RandomSpans(seed: seed.value)
        var random = SeededGenerator(seed: ~seed.value)
        let encoder = OTLPProtobufEncoder(initialCapacity: 256)
        let decoder = OTLPProtobufDecoder(memoryLimit: 1 << 20)
        for _ in 0..<300 {
            let batch = spans.batch()
            let resource = spans.resource()
            let bytes = encoder.encode(batch, resource: resource)
            let decoded = try decoder.decode(bytes)
            #expect(WireRequest(decoded: decoded) == WireRequest(expected: batch, resource: resource), "\(seed)")
            guard bytes.count > 1 else { continue }
            let prefix = Array(bytes.prefix(1 + random.below(bytes.count - 1)))
            #expect(throws: OTLPDecodingError.self, "\(seed): prefix of \(prefix.count) of \(bytes.count) bytes") {
                try decoder.decode(prefix)
            }
        }
    }

    @Test func memoryLimitIsEnforced() throws {
        let bytes = OTLPProtobufEncoder().encode(SampleSpans.rich(), resource: SampleSpans.resource)
        let small = OTLPProtobufDecoder(memoryLimit: 64 << 10)
        #expect(throws: OTLPDecodingError.memoryLimitExceeded(limit: 64 << 10)) { try small.decode(bytes) }
        // A request within the limit still decodes with the same decoder.
        let tiny = OTLPProtobufEncoder().encode([SampleSpans.rich()[1]], resource: Resource(attributes: []))
        #expect(try small.decode(tiny).spans.count == 1)
        #expect(try OTLPProtobufDecoder().decode(bytes).spans.count == 5)
    }

    @Test func manyEmptyAttributesCannotAmplifyMemoryPastTheLimit() {
        // 200 000 empty attributes take 2 bytes each on the wire but a struct and a pointer
        // each in memory: 400 kB of input asks for about 13 MB.
        let attributes = [UInt8](repeating: 0, count: 400_000).enumerated().map { $0.offset % 2 == 0 ? 0x4A : 0x00 }
        let bytes = WireBytes.request(span: attributes.map(UInt8.init))
        let decoder = OTLPProtobufDecoder(memoryLimit: 4 << 20)
        #expect(throws: OTLPDecodingError.memoryLimitExceeded(limit: 4 << 20)) { try decoder.decode(bytes) }
    }

    @Test func nestingIsBounded() throws {
        let decoder = OTLPProtobufDecoder()
        let shallow = try decoder.decode(WireBytes.request(nestedArrayDepth: 40))
        #expect(shallow.spans.first?.attributes.count == 1)
        #expect(throws: OTLPDecodingError.nestingTooDeep(limit: 100)) {
            try decoder.decode(WireBytes.request(nestedArrayDepth: 60))
        }
        // Deep enough to overflow the stack inside protobuf-c if it ever got there.
        #expect(throws: OTLPDecodingError.nestingTooDeep(limit: 100)) {
            try decoder.decode(WireBytes.request(nestedArrayDepth: 200_000))
        }
    }

    @Test func identifiersOfTheWrongLengthMarkTheirSpanNotTheRequest() throws {
        let decoder = OTLPProtobufDecoder()
        let shortTrace = try #require(try decoder.decode(WireBytes.request(span: WireBytes.field(1, [1, 2, 3, 4, 5]))).spans.first)
        #expect(shortTrace.traceId == .invalid)
        #expect(shortTrace.malformedIdentifier == "trace_id has 5 bytes, not 16")
        let longParent = try #require(
            try decoder.decode(WireBytes.request(span: WireBytes.field(4, [UInt8](repeating: 7, count: 16)))).spans.first)
        #expect(longParent.parentSpanId == nil)
        #expect(longParent.malformedIdentifier == "parent_span_id has 16 bytes, not 8")
    }

    @Test func absentFieldsDecodeAsDefaults() throws {
        let decoded = try OTLPProtobufDecoder().decode(WireBytes.request(span: WireBytes.field(5, Array("bare".utf8))))
        let span = try #require(decoded.spans.first)
        #expect(span == DecodedSpan(traceId: .invalid, spanId: .invalid, name: "bare",
                                    startTime: Timestamp(nanosecondsSinceEpoch: 0), endTime: Timestamp(nanosecondsSinceEpoch: 0)))
        #expect(span.parentIsRemote == nil)
        #expect(decoded.resourceSpans.first?.scopeSpans.first?.scope == InstrumentationScope(name: ""))
    }

    @Test func invalidUTF8IsRepaired() throws {
        let decoded = try OTLPProtobufDecoder().decode(WireBytes.request(span: WireBytes.field(5, [0x61, 0xFF, 0x62])))
        #expect(decoded.spans.first?.name == "a\u{FFFD}b")
    }

    @Test func anEmptyValueReadsAsAnEmptyString() throws {
        let attribute = WireBytes.field(9, WireBytes.field(1, Array("k".utf8)) + WireBytes.field(2, []))
        let decoded = try OTLPProtobufDecoder().decode(WireBytes.request(span: attribute))
        #expect(decoded.spans.first?.attributes == [Attribute("k", "")])
    }
}

extension AttributeValue {
    var isNaN: Bool {
        if case .double(let value) = self { return value.isNaN }
        return false
    }
}
