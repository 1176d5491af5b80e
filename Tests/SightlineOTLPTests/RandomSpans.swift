import Sightline
import SightlineTesting

/// Random spans, deterministic per seed, with zero and non-zero values everywhere so that
/// every "leave the default out" rule of proto3 is exercised both ways.
struct RandomSpans {
    private var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func batch() -> [FinishedSpan] {
        (0..<random.below(6)).map { _ in span() }
    }

    mutating func resource() -> Resource {
        Resource(attributes: attributes(depth: 1))
    }

    private mutating func chance(_ oneIn: Int) -> Bool { random.below(oneIn) == 0 }

    private mutating func text() -> String {
        let pieces = ["", "a", "key", "\u{0}", "é", "😀", "漢字", String(repeating: "x", count: 130), "\"\\\n"]
        return (0..<random.below(3)).map { _ in pieces[random.below(pieces.count)] }.joined()
    }

    private mutating func integer() -> UInt64 {
        switch random.below(4) {
        case 0: return 0
        case 1: return UInt64(random.below(200))
        default: return random.next()
        }
    }

    private mutating func value(depth: Int) -> AttributeValue {
        switch random.below(depth > 0 ? 9 : 7) {
        case 0: return .string(text())
        case 1: return .bool(chance(2))
        case 2: return .int(Int64(bitPattern: integer()))
        case 3: return .double(Double(bitPattern: integer()))
        case 4: return .double([0, -0.0, 1.5, .infinity, -1e300][random.below(5)])
        case 5: return .bytes((0..<random.below(5)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 6: return .string("")
        case 7: return .array((0..<random.below(4)).map { _ in value(depth: depth - 1) })
        default: return .keyValueList(attributes(depth: depth - 1))
        }
    }

    private mutating func attributes(depth: Int) -> [Attribute] {
        (0..<random.below(5)).map { _ in Attribute(text(), value(depth: depth)) }
    }

    private mutating func context() -> SpanContext {
        SpanContext(traceId: TraceID(high: integer(), low: integer()), spanId: SpanID(integer()), isSampled: chance(2),
                    traceState: chance(2) ? "" : text(), isRemote: chance(2))
    }

    private mutating func span() -> FinishedSpan {
        let scopes = [InstrumentationScope.sightline, InstrumentationScope(name: "lib"), InstrumentationScope(name: "", version: "1")]
        let statuses: [SpanStatus] = [.unset, .ok, .error(description: ""), .error(description: "failed \u{0}")]
        let parent: SpanID? = chance(2) ? nil : SpanID(integer())
        var span = FinishedSpan(
            name: text(), context: context(), parentSpanId: parent, isLocalRoot: parent == nil || chance(2),
            kind: SpanKind.allCases[random.below(SpanKind.allCases.count)], scope: scopes[random.below(3)],
            startTime: Timestamp(nanosecondsSinceEpoch: integer()), endTime: Timestamp(nanosecondsSinceEpoch: integer()),
            status: statuses[random.below(statuses.count)], attributes: attributes(depth: 3),
            events: (0..<random.below(3)).map { _ in
                SpanEvent(name: text(), timestamp: Timestamp(nanosecondsSinceEpoch: integer()),
                          attributes: attributes(depth: 2), droppedAttributesCount: Int(integer() % 300))
            },
            links: (0..<random.below(3)).map { _ in
                SpanLink(context: context(), attributes: attributes(depth: 2), droppedAttributesCount: Int(integer() % 300))
            })
        span.droppedAttributesCount = Int(integer() % 100_000)
        span.droppedEventsCount = Int(integer() % 300)
        span.droppedLinksCount = Int(integer() % 300)
        return span
    }
}
