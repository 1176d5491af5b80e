import Foundation
import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
@testable import SightlineCollector

/// A database file in a fresh temporary directory, removed when the value goes away.
final class TemporaryDatabase: Sendable {
    let directory: URL
    var path: String { directory.appendingPathComponent("sightline.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sightline-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func store(pendingPatchLifetime: Duration = .seconds(3600), readOnly: Bool = false,
               indexingStep: Int64 = DeferredIndexing.defaultStep) throws -> TraceStore {
        try TraceStore(path: path, pendingPatchLifetime: pendingPatchLifetime, readOnly: readOnly,
                       indexingStep: indexingStep, clock: Timestamp.now)
    }
}

/// Spans recorded by Sightline itself with the given conventions, sent through the binary OTLP
/// encoder and decoder, and normalised: what the collector makes of a real sender's request.
func collectedThroughOTLP(conventions: [Convention], customMetadataOnEverySpan: Bool = false,
                          record: (Sightline) async throws -> Void) async throws -> [CollectedSpan] {
    let exporter = InMemoryExporter()
    let sdk = Sightline(Configuration(serviceName: "chat-service", exporter: .custom(exporter), conventions: conventions,
                                      batch: .init(scheduleDelay: .milliseconds(10)),
                                      customMetadataOnEverySpan: customMetadataOnEverySpan))
    try await record(sdk)
    await sdk.flush()
    await sdk.shutdown()
    var collected: [CollectedSpan] = []
    for batch in exporter.exportedBatches {
        let bytes = OTLPProtobufEncoder().encode(batch.spans, resource: batch.resource)
        collected += OTLPNormalizer.spans(from: try OTLPProtobufDecoder().decode(bytes))
    }
    return collected
}

/// A span built field by field, for store tests.
func makeSpan(trace: String, span: String, parent: String? = nil, name: String? = nil, type: SpanType = .span,
              start: UInt64, end: UInt64, userId: String? = nil, threadId: String? = nil, customerId: String? = nil,
              labels: [String] = [], metadata: [String: JSONValue] = [:], input: String? = nil,
              output: String? = nil, inputTokens: Int? = nil, outputTokens: Int? = nil, cost: Double? = nil,
              isError: Bool = false) -> CollectedSpan {
    CollectedSpan(traceId: trace, spanId: span, parentSpanId: parent, name: name ?? span, type: type,
                  startTime: Timestamp(nanosecondsSinceEpoch: start), endTime: Timestamp(nanosecondsSinceEpoch: end),
                  isError: isError, input: input, output: output, inputTokens: inputTokens, outputTokens: outputTokens,
                  cost: cost, userId: userId, threadId: threadId, customerId: customerId, labels: labels,
                  metadata: metadata)
}
