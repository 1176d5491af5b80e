import CProtobufC
import COTLP
import SightlineOTLP

/// Decodes a binary OTLP `ExportTraceServiceRequest` with libprotobuf-c.
///
/// Made for untrusted input: anything that is not a valid request throws an
/// ``OTLPDecodingError``, never crashes. Two limits bound the work a request can cause:
///
/// - `memoryLimit` caps the memory protobuf-c may take for one request. protobuf-c
///   allocates from an arena the decoder owns and reuses, so decoding costs no `malloc` per
///   field; past the limit the arena refuses and decoding throws
///   ``OTLPDecodingError/memoryLimitExceeded(limit:)``. The Swift values returned are
///   allocated separately and are of a size similar to the input.
/// - `maximumNestingDepth` bounds how deeply messages nest (attribute values inside arrays
///   and key-value lists). protobuf-c decodes recursively with no limit of its own, so the
///   depth is checked first; deeper input throws ``OTLPDecodingError/nestingTooDeep(limit:)``.
///
/// A decoder is not thread-safe: give each task its own, or guard it with a lock.
public final class OTLPProtobufDecoder {
    /// The most memory protobuf-c may take to decode one request, in bytes.
    public let memoryLimit: Int
    /// The deepest message nesting accepted; the request itself is level 1.
    public let maximumNestingDepth: Int
    /// The arena behind an unsafe pointer: protobuf-c reaches it through the allocator.
    private let arena: UnsafeMutablePointer<Arena>

    /// - Parameters:
    ///   - memoryLimit: bytes protobuf-c may take per request; 64 MiB by default.
    ///   - maximumNestingDepth: 100 by default, the limit of the reference protobuf decoders.
    public init(memoryLimit: Int = 64 << 20, maximumNestingDepth: Int = 100) {
        self.memoryLimit = memoryLimit
        self.maximumNestingDepth = maximumNestingDepth
        arena = .allocate(capacity: 1)
        arena.initialize(to: Arena(initialCapacity: 64 << 10, limit: memoryLimit))
    }

    deinit {
        arena.pointee.deallocateAll()
        arena.deinitialize(count: 1)
        arena.deallocate()
    }

    /// Decodes `bytes`.
    ///
    /// ```swift
    /// let traces = try decoder.decode(body)
    /// for span in traces.spans { print(span.name, span.traceId) }
    /// ```
    ///
    /// - Parameter bytes: a binary `ExportTraceServiceRequest`.
    /// - Returns: the request, field for field.
    /// - Throws: ``OTLPDecodingError`` when the bytes are not a request, nest too deeply, or
    ///   need more memory than ``memoryLimit``.
    public func decode(_ bytes: [UInt8]) throws(OTLPDecodingError) -> DecodedTraces {
        // Typed throws do not pass through withUnsafeBytes; carry the outcome out instead.
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(OTLPDecodingError) in try decode(buffer) } }
        return try result.get()
    }

    /// Decodes `bytes`, which need to stay valid only for the duration of the call.
    ///
    /// - Parameter bytes: a binary `ExportTraceServiceRequest`, for instance a view of a request body's buffer.
    /// - Returns: the request, field for field.
    /// - Throws: ``OTLPDecodingError`` when the bytes are not a request, nest too deeply, or
    ///   need more memory than ``memoryLimit``.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> DecodedTraces {
        try NestingCheck.check(bytes, limit: maximumNestingDepth)
        arena.pointee.reset()
        defer { arena.pointee.reset() }
        var allocator = ProtobufCAllocator(
            alloc: { arena, size in
                arena!.assumingMemoryBound(to: Arena.self).pointee.allocate(withinLimit: size)
            },
            free: { _, _ in },  // everything goes at once, when the arena is reset
            allocator_data: UnsafeMutableRawPointer(arena))
        guard let request = opentelemetry__proto__collector__trace__v1__export_trace_service_request__unpack(
            &allocator, bytes.count, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        else {
            throw arena.pointee.limitWasExceeded ? .memoryLimitExceeded(limit: memoryLimit) : .malformed
        }
        return UnpackedRequest.traces(request)
    }
}

@available(*, unavailable, message: "A decoder reuses its arena: give each task its own, or guard it with a lock")
extension OTLPProtobufDecoder: Sendable {}
