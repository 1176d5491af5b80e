import Hummingbird
import SightlineOTLP
import SightlineOTLPDecoding
import Sightline

/// `POST /v1/traces`: an OTLP `ExportTraceServiceRequest`, binary or JSON, into the store.
///
/// Spans without a valid trace id or span id (absent, all zero, or malformed: another length, or
/// not hex in JSON) cannot be stored; the others are, and the reply is a partial success that
/// counts the rejected ones and says why, as OTLP asks. So is a span whose ids, labels or
/// metadata keys hold a control character (see ``IdentifierText``). Labels, metadata keys and
/// events past ``CollectorLimits`` are dropped, and the message counts them too. A span keeps
/// at most ``OTLPNormalizer/attributeLimit`` attributes; when some were left out, the reply's
/// `error_message` says how many (with `rejected_spans` 0, the OTLP form of a warning). The
/// reply (`ExportTraceServiceResponse`) is in the request's encoding, and is sent only after
/// the store committed the spans.
struct OTLPReceiver: Sendable {
    let store: StoreAccess
    let bodyReader: RequestBodyReader

    func receive(_ request: Request) async throws -> Response {
        let contentType = request.headers[.contentType]
        guard let encoding = OTLPEncoding(contentType: contentType) else {
            throw CollectorHTTPError(
                status: .unsupportedMediaType,
                message: "Content-Type '\(contentType ?? "")' is not OTLP: send application/x-protobuf or application/json")
        }
        do {
            let body = try await bodyReader.read(request)
            let decoded = try decode(body, encoding)
            let sent = decoded.spans.count
            var spans: [CollectedSpan] = []
            var controlCharacters = (count: 0, first: "")
            for span in OTLPNormalizer.spans(from: decoded) {
                if let problem = IdentifierText.problem(in: span) {
                    if controlCharacters.count == 0 { controlCharacters.first = problem }
                    controlCharacters.count += 1
                } else {
                    spans.append(span)
                }
            }
            var summary = IngestSummary()
            if !spans.isEmpty {
                summary = try await store.write("the spans could not be stored") { [spans] in try $0.ingest(spans) }
            }
            var notes: [String] = []
            let withoutIds = sent - spans.count - controlCharacters.count
            if withoutIds > 0 {
                var note = "\(withoutIds) of \(sent) spans have no valid trace id or span id (absent, all zero or malformed) and were not stored"
                if let malformed = decoded.spans.lazy.compactMap(\.malformedIdentifier).first { note += " (first malformed: \(malformed))" }
                notes.append(note)
            }
            if controlCharacters.count > 0 {
                notes.append("\(controlCharacters.count) of \(sent) spans were not stored: \(controlCharacters.first)")
            }
            let overLimit = OTLPNormalizer.attributesOverLimit(in: decoded)
            if overLimit.attributes > 0 {
                notes.append("\(overLimit.attributes) attributes of \(overLimit.spans) spans were dropped: a span keeps at most \(OTLPNormalizer.attributeLimit)")
            }
            notes += Self.limitNotes(summary)
            return Self.reply(rejected: sent - spans.count, message: notes.joined(separator: "; "), encoding)
        } catch let error as CollectorHTTPError {
            throw error.encoded(as: encoding)
        }
    }

    private func decode(_ body: ByteBuffer, _ encoding: OTLPEncoding) throws -> DecodedTraces {
        switch encoding {
        case .protobuf:
            // A decoder reuses its arena and is not shareable: each request gets its own.
            let decoder = OTLPProtobufDecoder(memoryLimit: bodyReader.decodingMemoryLimit)
            do {
                return try body.withUnsafeReadableBytes { bytes in
                    Result { () throws(OTLPDecodingError) in try decoder.decode(bytes) }
                }.get()
            } catch {
                throw CollectorHTTPError.badRequest("the body is not a binary OTLP ExportTraceServiceRequest: \(error)")
            }
        case .json:
            let decoder = OTLPJSONDecoder(maximumInputSize: bodyReader.maximumSize,
                                          memoryLimit: bodyReader.decodingMemoryLimit)
            do {
                return try body.withUnsafeReadableBytes { bytes in
                    Result { () throws(OTLPJSONDecodingError) in try decoder.decode(bytes) }
                }.get()
            } catch {
                throw CollectorHTTPError.badRequest(error.description)
            }
        }
    }

    /// What the store's limits (``CollectorLimits``) left out, one sentence per kind.
    static func limitNotes(_ summary: IngestSummary) -> [String] {
        var notes: [String] = []
        if summary.droppedLabels > 0 {
            notes.append("\(summary.droppedLabels) labels were dropped: a span keeps at most \(CollectorLimits.labelsPerSpan), "
                + "a trace at most \(CollectorLimits.labelsPerTrace)")
        }
        if summary.droppedMetadataKeys > 0 {
            notes.append("\(summary.droppedMetadataKeys) metadata keys were dropped: a span keeps at most \(CollectorLimits.metadataKeysPerSpan)")
        }
        if summary.droppedLinks > 0 {
            notes.append("\(summary.droppedLinks) links were dropped: a span keeps at most \(CollectorLimits.linksPerSpan)")
        }
        if summary.droppedEvents > 0 {
            notes.append("\(summary.droppedEvents) events were dropped: a span keeps at most \(CollectorLimits.eventsPerSpan)")
        }
        if summary.droppedEvaluations > 0 {
            notes.append("\(summary.droppedEvaluations) evaluation events were dropped: an evaluation needs a name without "
                + "control characters, and a trace keeps at most \(CollectorLimits.evaluationsPerTrace)")
        }
        if summary.invalidEvaluationValues > 0 {
            notes.append("\(summary.invalidEvaluationValues) evaluation scores or labels were left out: a score must be a "
                + "finite number, a label a string without control characters")
        }
        return notes
    }

    /// An `ExportTraceServiceResponse`: empty when every span was stored, else with its
    /// `partial_success` (`rejected_spans`, `error_message`).
    static func reply(rejected: Int, message: String, _ encoding: OTLPEncoding) -> Response {
        let body: [UInt8]
        switch encoding {
        case .protobuf:
            body = ProtobufReplies.traceResponse(rejectedSpans: Int64(rejected), errorMessage: message)
        case .json:
            if rejected == 0 && message.isEmpty {
                body = Array("{}".utf8)
            } else {
                // int64 is a string in proto3 JSON.
                let partial: JSONValue = ["rejectedSpans": .string(String(rejected)), "errorMessage": .string(message)]
                body = Array(JSONValue.object(["partialSuccess": partial]).jsonString.utf8)
            }
        }
        return Response(status: .ok, headers: [.contentType: encoding.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
