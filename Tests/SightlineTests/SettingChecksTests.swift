import SightlineTesting
import Testing
@testable import Sightline

/// Public settings are plain properties: whatever path set a value, a nonsensical one must not
/// hang or stop the SDK. It keeps working and a warning says what it changed.
@Suite("Nonsensical settings are replaced with a warning")
struct SettingChecksTests {
    /// One setting changed through its property after the configuration was made.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let change: @Sendable (inout Configuration) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "batch.maxExportBatchSize") { $0.batch.maxExportBatchSize = 0 },
        Case(name: "batch.maxExportBatchSize") { $0.batch.maxExportBatchSize = -5 },
        Case(name: "batch.maxExportBatchSize") { $0.batch.maxExportBatchSize = .max },
        Case(name: "batch.maxQueueSize") { $0.batch.maxQueueSize = 0 },
        Case(name: "batch.maxQueueSize") { $0.batch.maxQueueSize = -1 },
        Case(name: "batch.scheduleDelay") { $0.batch.scheduleDelay = .seconds(-3) },
        Case(name: "batch.scheduleDelay") { $0.batch.scheduleDelay = .seconds(Int64.max) },
        Case(name: "batch.exportTimeout") { $0.batch.exportTimeout = .zero },
        Case(name: "batch.exportTimeout") { $0.batch.exportTimeout = .seconds(-1) },
        Case(name: "batch.exportTimeout") { $0.batch.exportTimeout = .seconds(Int64.max) },
        Case(name: "limits.attributeCountLimit") { $0.limits.attributeCountLimit = -1 },
        Case(name: "limits.eventCountLimit") { $0.limits.eventCountLimit = -7 },
        Case(name: "limits.linkCountLimit") { $0.limits.linkCountLimit = .min },
        Case(name: "limits.attributePerEventCountLimit") { $0.limits.attributePerEventCountLimit = -2 },
        Case(name: "limits.attributePerLinkCountLimit") { $0.limits.attributePerLinkCountLimit = -2 },
        Case(name: "limits.attributeValueLengthLimit") { $0.limits.attributeValueLengthLimit = -10 },
    ]

    @Test(arguments: cases)
    func theSDKKeepsWorkingAndSaysWhatItChanged(_ setting: Case) async throws {
        let warnings = WarningLog()
        let exporter = InMemoryExporter()
        var config = Configuration(exporter: .custom(exporter), conventions: [.genAI],
                                   warningHandler: { warnings.append($0) })
        config.batch.scheduleDelay = .milliseconds(20)
        setting.change(&config)
        let sdk = Sightline(config)

        #expect(warnings.all.count == 1, "\(warnings.all)")
        #expect(warnings.all.first?.hasPrefix(setting.name) == true, "\(warnings.all)")
        #expect(warnings.all.first?.contains("using") == true)

        for index in 0..<20 {
            sdk.withSpan("work-\(index)") { span in
                span.setAttribute("long", .string(String(repeating: "x", count: 50)))
                span.addEvent("event", attributes: [Attribute("k", "v")])
            }
        }
        // flush must return: a zero batch size once made the export loop spin forever.
        let flushed = await finishes(within: .seconds(10 * testTimeScale)) { await sdk.flush() }
        #expect(flushed)
        #expect(exporter.spans.count == 20)
        #expect(sdk.diagnostics.value(of: .spansExported) == 20)
        await sdk.shutdown(timeout: .seconds(5))
    }

    @Test func theSettingsInUseAreTheCheckedOnes() {
        var config = Configuration(exporter: .none)
        config.batch.maxQueueSize = 100
        config.batch.maxExportBatchSize = 1000
        config.limits.attributeValueLengthLimit = -1
        let sdk = Sightline(config)
        #expect(sdk.configuration.batch.maxExportBatchSize == 100)
        #expect(sdk.configuration.limits.attributeValueLengthLimit == nil)
    }

    @Test func aBatchProcessorMadeDirectlyChecksItsSettingsToo() async {
        let warnings = WarningLog()
        let exporter = InMemoryExporter()
        let processor = BatchSpanProcessor(
            exporter: exporter, resource: Resource(serviceName: "direct"),
            settings: .init(maxQueueSize: 10, scheduleDelay: .milliseconds(10), maxExportBatchSize: 0),
            diagnostics: Diagnostics(warningHandler: { warnings.append($0) }))
        #expect(processor.settings.maxExportBatchSize == 10)
        #expect(warnings.all == ["batch.maxExportBatchSize = 0 must be at least 1; using 10"])
        await processor.shutdown(timeout: .seconds(5))
    }

    @Test(arguments: [Duration.zero, .seconds(-2), .seconds(Int64.max)])
    func anOTLPTimeoutOutOfRangeIsReplaced(timeout: Duration) {
        let warnings = WarningLog()
        var config = Configuration(exporter: .otlp(OTLPSettings()), warningHandler: { warnings.append($0) })
        if case .otlp(var settings) = config.exporter {
            settings.timeout = timeout
            config.exporter = .otlp(settings)
        }
        let checked = config.checked()
        guard case .otlp(let settings) = checked.configuration.exporter else { Issue.record("not OTLP"); return }
        #expect(settings.timeout > .zero && settings.timeout <= .seconds(3600))
        #expect(checked.warnings.count == 1)
        #expect(checked.warnings.first?.hasPrefix("OTLP timeout") == true)
    }

    @Test(arguments: [Duration.seconds(-5), .seconds(Int64.max)])
    func shutdownTakesAnyTimeout(timeout: Duration) async {
        let (sdk, exporter) = makeSDK()
        sdk.withSpan("before-shutdown") { _ in }
        let returned = await finishes(within: .seconds(10 * testTimeScale)) { await sdk.shutdown(timeout: timeout) }
        #expect(returned)
        _ = exporter
    }
}

/// Whether `operation` returns within `limit`.
func finishes(within limit: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask { await operation(); return true }
        group.addTask { try? await Task.sleep(for: limit); return false }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
    }
}
