// PLACEHOLDER until the conventions land.
struct LaminarConvention: AttributeProcessor {
    let customMetadataOnEverySpan: Bool
    func process(_ span: inout FinishedSpan) {}
}
