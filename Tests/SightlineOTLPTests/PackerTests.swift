import COTLP
import Sightline
@testable import SightlineOTLP
import Testing

/// The specialised packer (otlp_trace_pack.c) against protobuf-c's generic pack, on the
/// same structs: the bytes must be identical.
struct PackerTests {
    /// What protobuf-c's `get_packed_size` and `pack` write for the request the encoder builds.
    private func packedByProtobufC(_ spans: [FinishedSpan], resource: Resource) -> [UInt8] {
        let arena = UnsafeMutablePointer<Arena>.allocate(capacity: 1)
        arena.initialize(to: Arena(initialCapacity: 4096))
        defer {
            arena.pointee.deallocateAll()
            arena.deinitialize(count: 1)
            arena.deallocate()
        }
        let request = ProtobufWriter(arena: arena).request(spans, resource: resource)
        let size = opentelemetry__proto__collector__trace__v1__export_trace_service_request__get_packed_size(request)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = opentelemetry__proto__collector__trace__v1__export_trace_service_request__pack(request, buffer.baseAddress!)
        }
    }

    @Test func samplesPackExactlyAsProtobufCPacksThem() async throws {
        let encoder = OTLPProtobufEncoder()
        let (recorded, resource) = try await SampleSpans.recordedWithAllConventions()
        #expect(encoder.encode(recorded, resource: resource) == packedByProtobufC(recorded, resource: resource))
        let rich = SampleSpans.rich()
        #expect(encoder.encode(rich, resource: SampleSpans.resource) == packedByProtobufC(rich, resource: SampleSpans.resource))
        #expect(encoder.encode([], resource: Resource(attributes: [])) == packedByProtobufC([], resource: Resource(attributes: [])))
    }

    @Test func randomBatchesPackExactlyAsProtobufCPacksThem() {
        let encoder = OTLPProtobufEncoder(initialCapacity: 256)
        var random = RandomSpans(seed: 7)
        var mismatches = 0
        for _ in 0..<500 {
            let spans = random.batch()
            let resource = random.resource()
            if encoder.encode(spans, resource: resource) != packedByProtobufC(spans, resource: resource) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
