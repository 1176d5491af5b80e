// PLACEHOLDER until the conventions land.
struct OpenInferenceConvention: AttributeProcessor {
    let customMetadataOnEverySpan: Bool
    func process(_ span: inout FinishedSpan) {}
}
