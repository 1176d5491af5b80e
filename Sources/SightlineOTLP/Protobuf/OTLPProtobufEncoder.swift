import CProtobufC
import COTLP
import Sightline

/// Encodes spans as one binary OTLP `ExportTraceServiceRequest`: Swift fills the structs that
/// protoc-c generated for libprotobuf-c, and a packer in C specialised to the trace schema
/// writes them.
///
/// The batch is copied into protobuf-c structs inside an arena that the encoder owns and
/// reuses, then sized and packed once into an array of exactly that size by a packer
/// specialised to the trace schema (`otlp_trace_pack.c` in COTLP), which writes the same
/// bytes as protobuf-c's generic `pack` in about a quarter of the time. Once the arena has
/// grown to the size of a typical batch, the only allocation per call is the returned array.
///
/// The request holds one `ResourceSpans` for the resource, with one `ScopeSpans` per
/// instrumentation scope (`FinishedSpan/scope`), in the order the scopes first appear.
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
    /// (a span with ten attributes takes a few kilobytes).
    ///
    /// - Parameter initialCapacity: the arena's first size in bytes; 256 KiB by default.
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
    ///
    /// - Parameters:
    ///   - spans: the batch, in the order the request lists it within each scope.
    ///   - resource: the resource that produced the spans (`service.name`, …).
    /// - Returns: the request's bytes, ready to be sent as `application/x-protobuf`.
    public func encode(_ spans: [FinishedSpan], resource: Resource) -> [UInt8] {
        arena.pointee.reset()
        let request = ProtobufWriter(arena: arena).request(spans, resource: resource)
        // One entry per nested message: each struct is at least a ProtobufCMessage header.
        let capacity = arena.pointee.allocatedBytes / MemoryLayout<ProtobufCMessage>.size
        let sizes = arena.pointee.allocate(Int.self, count: capacity)
        var size = 0
        let sized = sightline_otlp_trace_request_size(request, sizes, capacity, &size)
        precondition(sized, "size log of \(capacity) entries too small")
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = sightline_otlp_trace_request_pack(request, sizes, buffer.baseAddress!)
            precondition(count == size, "packed \(count) bytes, sized \(size)")
        }
    }
}

@available(*, unavailable, message: "An encoder reuses its arena: give each task its own, or guard it with a lock")
extension OTLPProtobufEncoder: Sendable {}
