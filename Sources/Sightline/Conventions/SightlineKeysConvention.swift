/// Writes ``SightlineKeys`` for the fields the enabled conventions cannot carry.
///
/// Added after the conventions when none of them carries trace metadata (GenAI alone, the
/// default): see ``Convention/carriesTraceMetadata``. It writes only what GenAI has no key or
/// value for, so nothing is said twice.
struct SightlineKeysConvention: AttributeProcessor {
    let customMetadataOnEverySpan: Bool

    func process(_ span: inout FinishedSpan) {
        var writer = ConventionWriter(span)
        writer.set(SightlineKeys.customerId, string: span.traceMetadata.customerId)
        writer.set(SightlineKeys.labels, strings: span.allLabels)
        writer.setEach(prefix: SightlineKeys.metadataPrefix,
                       ConventionWriter.customMetadata(of: span, onEverySpan: customMetadataOnEverySpan))
        writer.set(SightlineKeys.cost, double: span.usage?.cost)
        if span.type != .span, GenAIConvention.operationName(span.type) == nil {
            writer.set(SightlineKeys.spanType, string: span.type.rawValue)
        }
        if case .json(let value)? = span.input { writer.set(SightlineKeys.input, json: value) }
        if case .json(let value)? = span.output { writer.set(SightlineKeys.output, json: value) }
        writer.finish(&span)
    }
}
