/// Fills in the cost of LLM spans that reported tokens and no cost, from the model's price.
///
/// Runs on the export loop before the conventions, so every convention writes the cost. An
/// explicit cost always wins. A computed cost is marked with ``SightlineKeys/costComputed``;
/// a span whose model has no price keeps an unknown cost (never 0) and is counted in
/// ``Diagnostics/Counter/costsUnknownModel``.
struct CostProcessor: AttributeProcessor {
    let prices: ModelPrices
    let diagnostics: Diagnostics

    func process(_ span: inout FinishedSpan) {
        guard var usage = span.usage, usage.cost == nil,
              usage.inputTokens != nil || usage.outputTokens != nil else { return }
        guard let model = span.responseModel ?? span.model, let cost = prices.cost(of: usage, model: model) else {
            diagnostics.increment(.costsUnknownModel)
            return
        }
        usage.cost = cost
        span.usage = usage
        span.attributes.append(Attribute(SightlineKeys.costComputed, .bool(true)))
    }
}
