// PLACEHOLDER until the conventions land.
struct LangWatchConvention: AttributeProcessor {
    let customMetadataOnEverySpan: Bool
    func process(_ span: inout FinishedSpan) {}
}
