import CompressNIO
import NIOCore
import Sightline
import SightlineOTLP
import SightlineTesting

/// Helpers shared by the OTLP/HTTP exporter tests.
enum ExporterTestSupport {
    static let resource = Resource(serviceName: "exporter-tests", extra: [Attribute("deployment.environment", "test")])

    /// `count` simple spans with distinct names and ids.
    static func spans(_ count: Int, prefix: String = "span") -> [FinishedSpan] {
        (0..<count).map { index in
            FinishedSpan(name: "\(prefix) \(index)",
                         context: SpanContext(traceId: .random(), spanId: .random(), isSampled: true),
                         startTime: .now(), attributes: [Attribute("index", .int(Int64(index))), Attribute("note", "ü 😀")])
        }
    }

    static func batch(_ count: Int = 3) -> SpanBatch {
        SpanBatch(resource: resource, spans: spans(count))
    }

    /// Runs `body` with an exporter, shutting it down afterwards whatever happens.
    static func withExporter<Result>(
        _ settings: OTLPSettings, retryPolicy: OTLPRetryPolicy = .default,
        _ body: (OTLPHTTPExporter) async throws -> Result
    ) async throws -> Result {
        let exporter = try OTLPHTTPExporter(settings: settings, retryPolicy: retryPolicy)
        do {
            let result = try await body(exporter)
            await exporter.shutdown()
            return result
        } catch {
            await exporter.shutdown()
            throw error
        }
    }

    /// The export's error, or nil when it succeeded.
    static func exportError(_ exporter: OTLPHTTPExporter, _ batch: SpanBatch) async -> (any Error)? {
        do {
            try await exporter.export(batch)
            return nil
        } catch {
            return error
        }
    }

    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: bytes)
        let output = try buffer.decompress(with: .gzip())
        return Array(output.readableBytesView)
    }

    /// A `google.rpc.Status` in binary protobuf.
    static func statusMessage(code: UInt64, message: String) -> [UInt8] {
        WireBytes.varint(1 << 3) + WireBytes.varint(code) + WireBytes.field(2, Array(message.utf8))
    }

    /// `seconds` since the Unix epoch as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func imfFixdate(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        // Civil date from days (proleptic Gregorian).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[days % 7]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    static var unixSeconds: Int {
        Int(Timestamp.now().nanosecondsSinceEpoch / 1_000_000_000)
    }
}

