import SightlineCollector
import SightlineOTLP
import SightlineOTLPDecoding

/// One input of `POST /v1/traces` with `Content-Type: application/x-protobuf`, handled as
/// ``OTLPReceiver`` handles it up to the store: libprotobuf-c decodes the body through
/// ``OTLPProtobufDecoder`` (nesting check, arena, struct reader), the normaliser turns every
/// convention into ``CollectedSpan`` values, and the reply's notes are counted. A decoding
/// error is turned into the text the 400 reply carries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOTLPProtobuf(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = UnsafeRawBufferPointer(start: data, count: size)
    // The receiver's limit for the collector's default body size of 16 MiB.
    let decoder = OTLPProtobufDecoder(memoryLimit: 4 * (16 << 20))
    do {
        let decoded = try decoder.decode(body)
        let spans = OTLPNormalizer.spans(from: decoded)
        precondition(spans.count <= decoded.spans.count, "the normaliser made spans out of nothing")
        _ = OTLPNormalizer.attributesOverLimit(in: decoded)
    } catch {
        _ = "the body is not a binary OTLP ExportTraceServiceRequest: \(error)"
    }
    return 0
}
