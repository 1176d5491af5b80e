import Sightline
import SightlineOTLP
import SightlineOTLPDecoding

// The two readers of JSON text side by side on the same OTLP/JSON request: the OTLP/JSON
// decoder's cursor, which reads straight into `DecodedTraces`, and `JSONValue(parsing:)`,
// which only builds the tree (turning that tree into `DecodedTraces` would cost more on top).
//   swift run -c release JSONReaderBenchmark [spans] [rounds]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let spanCount = arguments.first ?? 512
let rounds = arguments.dropFirst().first ?? 9

func sampleSpan(_ index: Int) -> FinishedSpan {
    let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000)
    let attributes: [Attribute] = (0..<10).map { number in
        Attribute("attribute.\(number)", number % 2 == 0 ? .string("value \(number) of span \(index)") : .int(Int64(number)))
    }
    return FinishedSpan(
        name: "chat gpt-4o", context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true), parentSpanId: .random(),
        startTime: start, endTime: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 250_000_000),
        attributes: attributes,
        events: [SpanEvent(name: "gen_ai.content.prompt", timestamp: start, attributes: [Attribute("gen_ai.prompt", "What is 2+2?")])])
}

let body = OTLPJSONEncoder().encode((0..<spanCount).map(sampleSpan),
                                    resource: Resource(serviceName: "bench"))
let decoder = OTLPJSONDecoder()
precondition((try? decoder.decode(body))?.spans.count == spanCount)

let clock = ContinuousClock()
func medianNanosecondsPerSpan(_ body: () -> Void) -> Double {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let elapsed = clock.measure { for _ in 0..<10 { body() } }
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        samples.append(nanoseconds / Double(10 * spanCount))
    }
    return samples.sorted()[samples.count / 2]
}

let cursor = medianNanosecondsPerSpan { _ = try? decoder.decode(body) }
let tree = medianNanosecondsPerSpan { _ = try? JSONValue(parsing: body) }
print("request: \(spanCount) spans, \(body.count) bytes of OTLP/JSON; median of \(rounds) rounds")
print("OTLPJSONDecoder (cursor, to DecodedTraces): \(Int(cursor.rounded())) ns per span")
print("JSONValue(parsing:) (tree only):           \(Int(tree.rounded())) ns per span")
print("tree / cursor: \((tree / cursor * 100).rounded() / 100)")
