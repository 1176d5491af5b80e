import OTLPSwiftProtobuf
import Sightline
import SightlineOTLP
import Foundation
import SwiftProtobuf

// Sightline's C encoder against swift-protobuf on the same request, in the same run.
// Both start from the same `[FinishedSpan]`: swift-protobuf builds its message and serializes
// it, Sightline copies into C structs in an arena and packs.
//   swift run -c release --package-path Benchmarks/Comparison EncodingComparison

let batchSize = 512
let rounds = 400
let clock = ContinuousClock()

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

/// The workload issue 3 names: a span with 10 attributes and one event.
func makeBatch() -> [FinishedSpan] {
    let traceId = TraceID.random()
    let rootId = SpanID.random()
    return (0..<batchSize).map { index in
        let start = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000)
        return FinishedSpan(
            name: "chat gpt-4o", context: SpanContext(traceId: traceId, spanId: .random(), isSampled: true),
            parentSpanId: rootId, kind: .client, type: .llm, startTime: start,
            endTime: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 850_000_000), status: .ok,
            attributes: [
                Attribute("gen_ai.operation.name", "chat"),
                Attribute("gen_ai.request.model", "gpt-4o"),
                Attribute("gen_ai.provider.name", "openai"),
                Attribute("gen_ai.usage.input_tokens", .int(Int64(120 + index % 7))),
                Attribute("gen_ai.usage.output_tokens", 48),
                Attribute("gen_ai.request.temperature", 0.2),
                Attribute("gen_ai.conversation.id", "thread-0042"),
                Attribute("user.id", "user-ana"),
                Attribute("http.response.status_code", 200),
                Attribute("stream", true),
            ],
            events: [SpanEvent(name: "gen_ai.first_token", timestamp: Timestamp(nanosecondsSinceEpoch: start.nanosecondsSinceEpoch + 120_000_000),
                               attributes: [Attribute("position", 1)])])
    }
}

typealias Request = Opentelemetry_Proto_Collector_Trace_V1_ExportTraceServiceRequest
typealias ProtoAnyValue = Opentelemetry_Proto_Common_V1_AnyValue
typealias ProtoKeyValue = Opentelemetry_Proto_Common_V1_KeyValue

func anyValue(_ value: AttributeValue) -> ProtoAnyValue {
    var out = ProtoAnyValue()
    switch value {
    case .string(let text): out.stringValue = text
    case .bool(let flag): out.boolValue = flag
    case .int(let number): out.intValue = number
    case .double(let number): out.doubleValue = number
    case .bytes(let bytes): out.bytesValue = Data(bytes)
    case .array(let values): out.arrayValue.values = values.map(anyValue)
    case .keyValueList(let pairs): out.kvlistValue.values = pairs.map(keyValue)
    }
    return out
}

func keyValue(_ attribute: Attribute) -> ProtoKeyValue {
    var out = ProtoKeyValue()
    out.key = attribute.key
    out.value = anyValue(attribute.value)
    return out
}

/// Builds the swift-protobuf request from the same spans and resource.
func swiftProtobufRequest(_ spans: [FinishedSpan], resource: Resource) -> Request {
    var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
    scopeSpans.scope.name = InstrumentationScope.sightline.name
    scopeSpans.scope.version = InstrumentationScope.sightline.version ?? ""
    scopeSpans.spans = spans.map { span in
        var out = Opentelemetry_Proto_Trace_V1_Span()
        out.traceID = Data(span.traceId.bytes)
        out.spanID = Data(span.spanId.bytes)
        if let parent = span.parentSpanId { out.parentSpanID = Data(parent.bytes) }
        // W3C flags, plus OTLP's "parent is-remote is known" bit (0x100), as Sightline writes them.
        out.flags = UInt32(span.context.traceFlags) | 0x100
        out.name = span.name
        out.kind = Opentelemetry_Proto_Trace_V1_Span.SpanKind(rawValue: span.kind.rawValue) ?? .unspecified
        out.startTimeUnixNano = span.startTime.nanosecondsSinceEpoch
        out.endTimeUnixNano = span.endTime.nanosecondsSinceEpoch
        out.attributes = span.attributes.map(keyValue)
        out.events = span.events.map { event in
            var protoEvent = Opentelemetry_Proto_Trace_V1_Span.Event()
            protoEvent.timeUnixNano = event.timestamp.nanosecondsSinceEpoch
            protoEvent.name = event.name
            protoEvent.attributes = event.attributes.map(keyValue)
            return protoEvent
        }
        if case .ok = span.status { out.status.code = .ok }
        return out
    }
    var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
    resourceSpans.resource.attributes = resource.attributes.map(keyValue)
    resourceSpans.scopeSpans = [scopeSpans]
    var request = Request()
    request.resourceSpans = [resourceSpans]
    return request
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let spans = makeBatch()
let resource = Resource(serviceName: "bench")
let encoder = OTLPProtobufEncoder()

// Both encoders must produce a request the other side reads back identically.
let sightlineBytes = encoder.encode(spans, resource: resource)
let swiftProtobufBytes: [UInt8] = try swiftProtobufRequest(spans, resource: resource).serializedBytes()
let decodedOurs = try Request(serializedBytes: sightlineBytes)
let expected = swiftProtobufRequest(spans, resource: resource)
if decodedOurs != expected {
    // Leave both forms behind for `diff` before stopping.
    try? decodedOurs.textFormatString().write(toFile: "/tmp/sightline-request.txt", atomically: true, encoding: .utf8)
    try? expected.textFormatString().write(toFile: "/tmp/swift-protobuf-request.txt", atomically: true, encoding: .utf8)
    fatalError("Sightline's bytes must decode to the request swift-protobuf builds")
}

func measure(_ body: () throws -> Int) rethrows -> (nsPerSpan: Double, bytes: Int) {
    var samples: [Double] = []
    var bytes = 0
    for _ in 0..<7 {
        let start = clock.now
        for _ in 0..<rounds { bytes = try body() }
        samples.append(nanoseconds(start.duration(to: clock.now)) / Double(rounds * batchSize))
    }
    return (median(samples), bytes)
}

let ours = measure { encoder.encode(spans, resource: resource).count }
let theirs = try measure {
    let bytes: [UInt8] = try swiftProtobufRequest(spans, resource: resource).serializedBytes()
    return bytes.count
}
let theirsSerializeOnly: (nsPerSpan: Double, bytes: Int) = try {
    let request = swiftProtobufRequest(spans, resource: resource)
    return try measure {
        let bytes: [UInt8] = try request.serializedBytes()
        return bytes.count
    }
}()

func row(_ name: String, _ result: (nsPerSpan: Double, bytes: Int)) {
    let megabytesPerSecond = Double(result.bytes) / (result.nsPerSpan * Double(batchSize)) * 1000
    let ns = String(Int(result.nsPerSpan.rounded()))
    let label = name.padding(toLength: 46, withPad: " ", startingAt: 0)
    let figure = String(repeating: " ", count: max(0, 7 - ns.count)) + ns
    let throughput = String(Int(megabytesPerSecond.rounded()))
    print("\(label)\(figure) ns/span  \(throughput) MB/s  \(result.bytes / batchSize) B/span")
}

print("OTLP encoding, \(batchSize)-span batches of a 10-attribute span with one event, median of 7 × \(rounds) batches")
row("Sightline (libprotobuf-c structs, C packer)", ours)
row("swift-protobuf: build message + serialize", theirs)
row("swift-protobuf: serialize a built message", theirsSerializeOnly)
func ratio(_ slower: Double, _ faster: Double) -> String {
    String(Double(Int(slower / faster * 10)) / 10) + "x"
}
print("speed-up over build + serialize: \(ratio(theirs.nsPerSpan, ours.nsPerSpan))")
print("speed-up over serialize only:    \(ratio(theirsSerializeOnly.nsPerSpan, ours.nsPerSpan))")
