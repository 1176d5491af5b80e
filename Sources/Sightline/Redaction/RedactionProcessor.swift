/// Runs the configured ``Masker``s over every input, output, RAG document and custom-metadata
/// string of a span, on the export loop, before any convention writes them.
///
/// A value something was found in is replaced by its masked text, never dropped; each one is
/// counted in ``Diagnostics/Counter/valuesMasked``.
struct RedactionProcessor: AttributeProcessor {
    let maskers: [Masker]
    let diagnostics: Diagnostics

    func process(_ span: inout FinishedSpan) {
        var masked = 0
        if let input = span.input, let changed = mask(input, &masked) { span.input = changed }
        if let output = span.output, let changed = mask(output, &masked) { span.output = changed }
        if !span.ragContexts.isEmpty {
            var contexts = span.ragContexts
            var changed = false
            for index in contexts.indices {
                if let text = mask(contexts[index].content, &masked) {
                    contexts[index].content = text
                    changed = true
                }
            }
            if changed { span.ragContexts = contexts }
        }
        if !span.traceMetadata.custom.isEmpty {
            var metadata = span.traceMetadata
            var changed = false
            for (key, value) in metadata.custom {
                if let new = mask(value, &masked) {
                    metadata.custom[key] = new
                    changed = true
                }
            }
            if changed { span.traceMetadata = metadata }
        }
        if masked > 0 { diagnostics.increment(.valuesMasked, by: masked) }
    }

    /// The text with every masker applied; nil when none found anything.
    private func mask(_ text: String, _ count: inout Int) -> String? {
        var current: String?
        for masker in maskers {
            if let next = masker.apply(current ?? text) { current = next }
        }
        if current != nil { count += 1 }
        return current
    }

    private func mask(_ content: SpanContent, _ count: inout Int) -> SpanContent? {
        switch content {
        case .text(let text):
            return mask(text, &count).map(SpanContent.text)
        case .json(let value):
            return mask(value, &count).map(SpanContent.json)
        case .chatMessages(var messages):
            var changed = false
            for index in messages.indices {
                if let text = messages[index].content, let new = mask(text, &count) {
                    messages[index].content = new
                    changed = true
                }
                for call in messages[index].toolCalls.indices {
                    if let new = mask(messages[index].toolCalls[call].arguments, &count) {
                        messages[index].toolCalls[call].arguments = new
                        changed = true
                    }
                }
            }
            return changed ? .chatMessages(messages) : nil
        }
    }

    /// Every string inside `value` masked; nil when nothing changed.
    private func mask(_ value: JSONValue, _ count: inout Int) -> JSONValue? {
        switch value {
        case .string(let text):
            return mask(text, &count).map(JSONValue.string)
        case .array(var elements):
            var changed = false
            for index in elements.indices {
                if let new = mask(elements[index], &count) {
                    elements[index] = new
                    changed = true
                }
            }
            return changed ? .array(elements) : nil
        case .object(var members):
            var changed = false
            for (key, member) in members {
                if let new = mask(member, &count) {
                    members[key] = new
                    changed = true
                }
            }
            return changed ? .object(members) : nil
        case .null, .bool, .int, .double:
            return nil
        }
    }
}
