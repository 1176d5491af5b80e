import SightlineCollector
import SightlineOTLP
import SightlineOTLPDecoding

/// One input of `POST /v1/traces` with `Content-Type: application/json`, handled as
/// ``OTLPReceiver`` handles it up to the store: ``OTLPJSONDecoder`` with the receiver's limits,
/// then the normaliser into ``CollectedSpan`` values and the reply's notes. A decoding error is
/// turned into the text the 400 reply carries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOTLPJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = UnsafeRawBufferPointer(start: data, count: size)
    // The receiver's limits for the collector's default body size of 16 MiB.
    let maximumSize = 16 << 20
    let decoder = OTLPJSONDecoder(maximumInputSize: maximumSize, memoryLimit: 16 * maximumSize)
    do {
        let decoded = try decoder.decode(body)
        let spans = OTLPNormalizer.spans(from: decoded)
        precondition(spans.count <= decoded.spans.count, "the normaliser made spans out of nothing")
        _ = OTLPNormalizer.attributesOverLimit(in: decoded)
    } catch {
        _ = error.description
    }
    return 0
}
