import Sightline
import SightlineCollector

/// One JSON body given to each of the collector's JSON routes other than OTLP, handled as the
/// routes handle it up to the store:
///
/// - `POST /api/collector`: ``LangWatchCollectorRequest/spans(fromJSON:)``;
/// - `POST /v1/traces/metadata` and `PATCH /api/traces/{id}/metadata`: the body parsed by
///   ``JSONValue/init(parsing:maximumDepth:)``, `traceId` made canonical, `metadata` read as a
///   ``MetadataPatch``; the input as text also stands for the `{id}` of the path;
/// - `POST /v1/tag`: `traceId` and the `names` strings.
///
/// The shape checks between the parser and the patch are the routes' own few `guard case`s,
/// repeated here because they live in the Hummingbird handlers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCollectorJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = UnsafeBufferPointer(start: data, count: size)
    do {
        _ = try LangWatchCollectorRequest.spans(fromJSON: body)
    } catch {
        _ = "the body is not a LangWatch collector request: \(error)"
    }

    _ = TraceIdentifier.canonical(String(decoding: body, as: UTF8.self))
    let object: [String: JSONValue]
    do {
        guard case .object(let parsed) = try JSONValue(parsing: body) else { return 0 }
        object = parsed
    } catch {
        _ = "the body is not JSON: \(error)"
        return 0
    }
    if case .string(let traceId)? = object["traceId"], !traceId.isEmpty {
        _ = TraceIdentifier.canonical(traceId)
    }
    if case .object(let metadata)? = object["metadata"] {
        let patch = MetadataPatch(json: metadata)
        precondition(patch.custom.count <= metadata.count, "the patch has more custom keys than the metadata")
    }
    if case .array(let names)? = object["names"] {
        _ = names.compactMap { name -> String? in
            guard case .string(let text) = name, !text.isEmpty else { return nil }
            return text
        }
    }
    return 0
}
