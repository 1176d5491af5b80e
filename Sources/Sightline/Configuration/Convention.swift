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

    /// The processor that writes this convention's keys.
    func processor(customMetadataOnEverySpan: Bool) -> any AttributeProcessor {
        switch self {
        case .genAI: return GenAIConvention()
        case .langWatch: return LangWatchConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        case .laminar: return LaminarConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        case .openInference: return OpenInferenceConvention(customMetadataOnEverySpan: customMetadataOnEverySpan)
        }
    }
}
