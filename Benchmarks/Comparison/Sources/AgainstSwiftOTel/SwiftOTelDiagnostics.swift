import Logging
import Synchronization

/// What swift-otel reports about lost spans. It keeps no public counters: it writes a warning to
/// its diagnostic logger when its queue dropped spans ("dropped_count") and when a batch failed
/// to export ("batch_size"). This handler is that logger, and adds the numbers up.
final class SwiftOTelDiagnostics: Sendable {
    let droppedQueueFull = Atomic<Int>(0)
    let failedSpans = Atomic<Int>(0)
    private let firstWarnings = Mutex<[String]>([])

    var warnings: [String] { firstWarnings.withLock { $0 } }

    var logger: Logger {
        Logger(label: "swift-otel-diagnostics") { _ in Handler(diagnostics: self) }
    }

    fileprivate func record(_ event: LogEvent, metadata: Logger.Metadata) {
        guard event.level >= .warning else { return }
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        if let dropped = merged["dropped_count"].flatMap({ Int("\($0)") }) {
            droppedQueueFull.wrappingAdd(dropped, ordering: .relaxed)
        }
        if event.message.description.hasPrefix("Failed to export batch"),
           let size = merged["batch_size"].flatMap({ Int("\($0)") }) {
            failedSpans.wrappingAdd(size, ordering: .relaxed)
        }
        let text = "\(event.level): \(event.message) \(merged.filter { $0.key != "component" })"
            + (event.error.map { " error: \($0)" } ?? "")
        firstWarnings.withLock { if $0.count < 5 { $0.append(text) } }
    }

    private struct Handler: LogHandler {
        let diagnostics: SwiftOTelDiagnostics
        var metadata: Logger.Metadata = [:]
        var metadataProvider: Logger.MetadataProvider?
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            diagnostics.record(event, metadata: metadata)
        }
    }
}
