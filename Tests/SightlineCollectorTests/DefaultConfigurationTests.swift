import Foundation
import Sightline
import SightlineCollector
import SightlineOTLP
import Testing

/// What the README's "Exporting over OTLP" does: `Configuration.fromEnvironment` with only
/// `OTEL_EXPORTER_OTLP_ENDPOINT` set, sending to `sightline serve`.
@Suite(.timeLimit(.minutes(2)))
struct DefaultConfigurationTests {
    @Test func everyTraceFieldIsQueryableAndCostIsShown() async throws {
        try await withCollector { collector in
            OTLPExporter.register()
            var config = Configuration.fromEnvironment(serviceName: "chat-service", environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": collector.baseURL,
                "OTEL_SERVICE_NAME": "bar-check",
            ])
            #expect(config.conventions == [.genAI])
            config.batch.scheduleDelay = .milliseconds(10)
            let sightline = Sightline(config)
            await NormalizationConventionTests.recordChat(sightline)
            sightline.withTrace("grade", type: .evaluation, metadata: TraceMetadata(userId: "u-2")) { _ in }
            await sightline.flush()
            await sightline.shutdown()

            let found = try collector.store.traces(TraceFilter(userId: "u-1"))
            let summary = try #require(found.first)
            #expect(summary.serviceName == "bar-check")
            #expect(summary.cost == 0.0002)
            for filter in [TraceFilter(customerId: "acme"), TraceFilter(label: "production"), TraceFilter(label: "exp"),
                           TraceFilter(metadata: [try MetadataCondition(parsing: "variant=B")]),
                           TraceFilter(metadata: [try MetadataCondition(parsing: "score>0.8")])] {
                #expect(try collector.store.traces(filter).map(\.traceId) == [summary.traceId], "\(filter)")
            }
            let detail = try #require(try collector.store.trace(id: summary.traceId))
            let tool = try #require(detail.spans.first { $0.span.name == "weather" })
            #expect(tool.span.input == #"{"city":"Paris"}"#)
            let grade = try #require(try collector.store.traces(TraceFilter(userId: "u-2")).first)
            #expect(try collector.store.trace(id: grade.traceId)?.spans.first?.span.type == .evaluation)
        }
    }
}
