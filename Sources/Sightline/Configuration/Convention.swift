/// A set of attribute keys a backend reads (see CONVENTIONS.md). Enable several to send the
/// same span to backends that disagree.
public enum Convention: String, Sendable, Hashable, CaseIterable {
    /// OpenTelemetry GenAI semantic conventions (`gen_ai.*`, `user.id`). The default.
    case genAI = "genai"
    /// LangWatch (`langwatch.*`, `metadata.<key>`).
    case langWatch = "langwatch"
    /// Laminar (`lmnr.*`).
    case laminar
    /// OpenInference, read by Arize Phoenix (`openinference.*`, `session.id`, `llm.*`).
    case openInference = "openinference"
    /// Langfuse (`langfuse.*`; see ``LangfuseKeys``).
    case langfuse

    /// Whether this convention has keys for the customer, labels, custom metadata and cost (every
    /// convention but GenAI). When none of the enabled ones has, ``SightlineKeys`` carry them.
    public var carriesTraceMetadata: Bool { self != .genAI }

    /// The processors that write `conventions`, in order, then ``SightlineKeys`` for what
    /// none of them carries. No convention at all writes nothing: spans keep only the
    /// attributes set on them.
    static func processors(for conventions: [Convention], customMetadataOnEverySpan: Bool) -> [any AttributeProcessor] {
        var processors = conventions.map { $0.processor(customMetadataOnEverySpan: customMetadataOnEverySpan) }
        if !conventions.isEmpty, !conventions.contains(where: \.carriesTraceMetadata) {
            processors.append(SightlineKeysConvention(customMetadataOnEverySpan: customMetadataOnEverySpan))
        }
        return processors
    }

    /// The processor that writes this convention's keys.
    func processor(customMetadataOnEverySpan: Bool) -> any AttributeProcessor {
        switch self {
        case .genAI: return GenAIConvention()
        case .langWatch: return LangWatchConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        case .laminar: return LaminarConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        case .openInference: return OpenInferenceConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        case .langfuse: return LangfuseConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        }
    }
}
