import SightlineTesting

/// Requests built by hand, for input the encoder would never produce.
extension WireBytes {
    /// A request holding one span whose fields are `spanContent`.
    static func request(span spanContent: [UInt8]) -> [UInt8] {
        field(1, field(2, field(2, spanContent)))
    }

    /// A request whose one span has one attribute whose value nests `depth` arrays, built
    /// from the inside out in reverse so that a very deep value costs linear time.
    static func request(nestedArrayDepth depth: Int) -> [UInt8] {
        var reversed = [UInt8]()
        func wrap(_ number: UInt64) {
            let length = varint(UInt64(reversed.count))
            reversed.append(contentsOf: length.reversed())
            reversed.append(contentsOf: varint(number << 3 | 2).reversed())
        }
        for _ in 0..<depth {
            wrap(1)  // ArrayValue.values
            wrap(5)  // AnyValue.array_value
        }
        wrap(2)  // KeyValue.value
        wrap(9)  // Span.attributes
        wrap(2)  // ScopeSpans.spans
        wrap(2)  // ResourceSpans.scope_spans
        wrap(1)  // ExportTraceServiceRequest.resource_spans
        return reversed.reversed()
    }
}
