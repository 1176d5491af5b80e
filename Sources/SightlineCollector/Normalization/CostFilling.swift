import Sightline

/// Computes the cost of spans that reported tokens and no cost (the Python OTel SDK, another
/// language's GenAI instrumentation), from the model's price, when the collector takes them in.
enum CostFilling {
    /// Fills in `spans`' missing costs, marking each ``CollectedSpan/costComputed``; returns how
    /// many spans had tokens but a model with no price, whose cost stays unknown (never 0).
    static func fill(_ spans: inout [CollectedSpan], prices: ModelPrices) -> Int {
        var unknown = 0
        for index in spans.indices where spans[index].cost == nil
            && (spans[index].inputTokens != nil || spans[index].outputTokens != nil) {
            guard let model = spans[index].responseModel ?? spans[index].model,
                  let cost = prices.cost(of: spans[index].tokenUsage, model: model) else {
                unknown += 1
                continue
            }
            spans[index].cost = cost
            spans[index].costComputed = true
        }
        return unknown
    }
}
