import Sightline
import SightlineTracing
import Testing

/// `traceparent` and `tracestate`, parsed and written as the W3C Trace Context recommendation says.
@Suite struct TraceContextTests {
    static let traceId = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let spanId = "00f067aa0ba902b7"
    static let valid = "00-\(traceId)-\(spanId)-01"

    @Test func aValidTraceparentNamesTheCallersSpan() throws {
        let context = try #require(W3CTraceContext.parse(traceparent: Self.valid))
        #expect(context.traceId.hex == Self.traceId)
        #expect(context.spanId.hex == Self.spanId)
        #expect(context.isSampled)
        #expect(context.isRemote)
        #expect(context.traceState == "")
        let unsampled = try #require(W3CTraceContext.parse(traceparent: "00-\(Self.traceId)-\(Self.spanId)-00"))
        #expect(!unsampled.isSampled)
        // Flags other than "sampled" are kept out of the sampling decision.
        #expect(try #require(W3CTraceContext.parse(traceparent: "00-\(Self.traceId)-\(Self.spanId)-02")).isSampled == false)
        #expect(try #require(W3CTraceContext.parse(traceparent: "00-\(Self.traceId)-\(Self.spanId)-ff")).isSampled)
    }

    @Test func writingThenReadingGivesTheSameContext() throws {
        let context = SpanContext(traceId: .random(), spanId: .random(), isSampled: true, traceState: "vendor=abc")
        let header = W3CTraceContext.traceparent(context)
        #expect(header.utf8.count == 55)
        let parsed = try #require(W3CTraceContext.parse(traceparent: header, tracestate: context.traceState))
        #expect(parsed.traceId == context.traceId && parsed.spanId == context.spanId)
        #expect(parsed.isSampled && parsed.traceState == "vendor=abc")
        #expect(W3CTraceContext.traceparent(SpanContext(traceId: context.traceId, spanId: context.spanId, isSampled: false))
            .hasSuffix("-00"))
    }

    @Test func surroundingWhitespaceIsAccepted() {
        #expect(W3CTraceContext.parse(traceparent: "  \(Self.valid)\t") != nil)
    }

    @Test func aLaterVersionIsReadForTheFieldsItShares() throws {
        let context = try #require(W3CTraceContext.parse(traceparent: "cc-\(Self.traceId)-\(Self.spanId)-01-what-the-future-holds"))
        #expect(context.traceId.hex == Self.traceId)
        #expect(W3CTraceContext.parse(traceparent: "cc-\(Self.traceId)-\(Self.spanId)-01") != nil)
    }

    static let malformedTraceparents: [String] = [
        "",
        " ",
        "-",
        "00",
        "00-",
        "garbage",
        String(Self.valid.dropLast()),
        Self.valid + "0",
        Self.valid + "-",
        Self.valid + "-extra",                                   // version 00 has exactly four fields
        "ff-\(traceId)-\(spanId)-01",                            // version ff is invalid
        "0-\(traceId)-\(spanId)-01",
        "000-\(traceId)-\(spanId)-01",
        "0g-\(traceId)-\(spanId)-01",
        "00-\(traceId.uppercased())-\(spanId)-01",               // uppercase hex is invalid
        "00-\(traceId)-\(spanId.uppercased())-01",
        "00-\(traceId)-\(spanId)-0A",
        "00-00000000000000000000000000000000-\(spanId)-01",      // all-zero trace id
        "00-\(traceId)-0000000000000000-01",                     // all-zero span id
        "00-\(traceId.dropLast())x-\(spanId)-01",
        "00-\(traceId)-\(spanId.dropLast())-01",
        "00-\(traceId)0-\(spanId)-01",
        "00_\(traceId)_\(spanId)_01",
        "00-\(traceId)-\(spanId)-1",
        "00-\(traceId)-\(spanId)-001",
        "00 \(traceId)-\(spanId)-01",
        "00-\(traceId)-\(spanId)-01,00-\(traceId)-\(spanId)-01",  // two headers folded into one
        "00-\(traceId)-\(spanId)-0\u{0}",
        "00-\(traceId)-\(spanId)-0é",
        "00-\(traceId)-\(spanId)-🙂",
        "00-4bf92f3577b34da6a3ce929d0e0e47🙂-\(spanId)-01",
        "\u{0}" + String(Self.valid.dropFirst()),
        "00-\(traceId)-\(spanId)-01\r\nx-injected: 1",
        String(repeating: "0", count: 55),
        String(repeating: "-", count: 55),
        String(repeating: "a", count: 100_000),
        "00-" + String(repeating: "f", count: 32) + "-" + String(repeating: "f", count: 16),
    ]

    @Test(arguments: malformedTraceparents)
    func aMalformedTraceparentIsIgnored(_ header: String) {
        #expect(W3CTraceContext.parse(traceparent: header) == nil)
    }

    @Test func randomBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefABCDEF- \t,=;%@\u{0}é🙂".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...80, using: &generator)
            var header = String.UnicodeScalarView()
            for _ in 0..<length { header.append(alphabet.randomElement(using: &generator)!) }
            let text = String(header)
            if let context = W3CTraceContext.parse(traceparent: text, tracestate: text) {
                #expect(context.traceId.isValid && context.spanId.isValid)
            }
            _ = W3CTraceContext.validTracestate(text)
            _ = W3CBaggage.parse(text)
        }
    }

    // MARK: tracestate

    @Test func aValidTracestateIsKeptWithoutEmptyMembers() throws {
        let tracestate = "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,, tenant@system=x y z ,a-b_c*d/e=1"
        #expect(W3CTraceContext.validTracestate(tracestate) == "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@system=x y z,a-b_c*d/e=1")
        let context = try #require(W3CTraceContext.parse(traceparent: Self.valid, tracestate: tracestate))
        #expect(context.traceState.hasPrefix("rojo=00f067aa0ba902b7,congo="))
        #expect(W3CTraceContext.validTracestate("") == "")
    }

    static let malformedTracestates: [String] = [
        "novalue",
        "=value",
        "key=",
        "Upper=1",                                      // keys are lowercase
        "1leading-digit=1",
        "key =1",
        "key=a,key=b",                                  // repeated key
        "key=has,comma",
        "key=tab\tinside",
        "key=é",
        "tenant@=1",
        "@system=1",
        "_tenant@system=1",
        "tenant@1system=1",
        "tenant@systemnameistoolong=1",
        "key=" + String(repeating: "v", count: 257),
        String(repeating: "k", count: 257) + "=1",
        (0..<33).map { "key\($0)=1" }.joined(separator: ","),   // more than 32 members
    ]

    @Test(arguments: malformedTracestates)
    func aMalformedTracestateIsDroppedButTheTraceparentKept(_ tracestate: String) throws {
        #expect(W3CTraceContext.validTracestate(tracestate) == nil)
        let context = try #require(W3CTraceContext.parse(traceparent: Self.valid, tracestate: tracestate))
        #expect(context.traceState == "")
        #expect(context.spanId.hex == Self.spanId)
    }

    @Test func thirtyTwoMembersAreAllowed() {
        let members = (0..<32).map { "key\($0)=1" }.joined(separator: ",")
        #expect(W3CTraceContext.validTracestate(members) == members)
    }
}
