/// Writes ``SightlineKeys`` for the fields the enabled conventions cannot carry.
///
/// Added after the conventions when none of them carries trace metadata (GenAI alone, the
/// default): see ``Convention/carriesTraceMetadata``. It writes only what GenAI has no key or
/// value for, so nothing is said twice. Most spans carry none of it: they are let through after
/// one read of each field, without building anything.
struct SightlineKeysConvention: AttributeProcessor {
    let customMetadataOnEverySpan: Bool

    func process(_ span: inout FinishedSpan) {
        let metadata = span.traceMetadataIfSet
        let custom = span.isLocalRoot || customMetadataOnEverySpan ? (metadata?.custom ?? [:]) : [:]
        let cost = span.usage?.cost
        let namesType = span.type != .span && GenAIConvention.operationName(span.type) == nil
        var jsonInput: JSONValue?
        var jsonOutput: JSONValue?
        if case .json(let value)? = span.input { jsonInput = value }
        if case .json(let value)? = span.output { jsonOutput = value }
        guard metadata?.customerId != nil || !(metadata?.labels ?? []).isEmpty || !span.labels.isEmpty || !custom.isEmpty
            || cost != nil || namesType || jsonInput != nil || jsonOutput != nil else { return }

        var writer = ConventionWriter(span)
        writer.set(SightlineKeys.customerId, string: metadata?.customerId)
        writer.set(SightlineKeys.labels, strings: span.allLabels)
        writer.setEach(prefix: SightlineKeys.metadataPrefix, custom)
        writer.set(SightlineKeys.cost, double: cost)
        if namesType { writer.set(SightlineKeys.spanType, string: span.type.rawValue) }
        if let jsonInput { writer.set(SightlineKeys.input, json: jsonInput) }
        if let jsonOutput { writer.set(SightlineKeys.output, json: jsonOutput) }
        writer.finish(&span)
    }
}
