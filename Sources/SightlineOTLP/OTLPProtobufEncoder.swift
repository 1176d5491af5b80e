import COTLP
import Sightline

/// Encodes spans as one binary OTLP `ExportTraceServiceRequest`, with libprotobuf-c.
///
/// The batch is copied into protobuf-c structs inside an arena that the encoder owns and
/// reuses, then sized and packed once into an array of exactly that size. Once the arena has
/// grown to the size of a typical batch, the only allocation per call is the returned array.
///
/// The request holds one `ResourceSpans` for the resource, with one `ScopeSpans` per
/// instrumentation scope (``FinishedSpan/scope``), in the order the scopes first appear.
/// Spans are encoded as they are: the LLM fields reach the wire as the attributes the
/// convention processors wrote. Strings are length-delimited, so text containing NUL is
/// encoded in full.
///
/// An encoder is not thread-safe: give each exporter its own, or guard it with a lock.
///
/// ```swift
/// let encoder = OTLPProtobufEncoder()
/// let body: [UInt8] = encoder.encode(batch.spans, resource: batch.resource)
/// ```
public final class OTLPProtobufEncoder {
    /// The arena behind an unsafe pointer: the hot path then pays no exclusivity checks.
    private let arena: UnsafeMutablePointer<Arena>

    /// Creates an encoder whose arena starts at `initialCapacity` bytes and grows as needed
    /// (about 1 kB per span with ten attributes).
    public init(initialCapacity: Int = 256 << 10) {
        arena = .allocate(capacity: 1)
        arena.initialize(to: Arena(initialCapacity: initialCapacity))
    }

    deinit {
        arena.pointee.deallocateAll()
        arena.deinitialize(count: 1)
        arena.deallocate()
    }

    /// The serialized `ExportTraceServiceRequest` for `spans`, produced by `resource`.
    public func encode(_ spans: [FinishedSpan], resource: Resource) -> [UInt8] {
        arena.pointee.reset()
        let request = ProtobufWriter(arena: arena).request(spans, resource: resource)
        let size = opentelemetry__proto__collector__trace__v1__export_trace_service_request__get_packed_size(request)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = opentelemetry__proto__collector__trace__v1__export_trace_service_request__pack(request, buffer.baseAddress!)
            precondition(count == size, "protobuf-c packed \(count) bytes, sized \(size)")
        }
    }
}

@available(*, unavailable, message: "An encoder reuses its arena: give each task its own, or guard it with a lock")
extension OTLPProtobufEncoder: Sendable {}
