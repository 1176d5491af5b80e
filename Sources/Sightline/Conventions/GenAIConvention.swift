// PLACEHOLDER until the conventions land.
struct GenAIConvention: AttributeProcessor {
    init() {}
    func process(_ span: inout FinishedSpan) {}
}
