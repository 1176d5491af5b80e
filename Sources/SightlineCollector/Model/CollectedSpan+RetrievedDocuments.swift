import Sightline

extension CollectedSpan {
    /// The documents this span retrieved, in the order the sender listed them, read from the
    /// stored ``attributes``; empty when it carried none.
    ///
    /// This is the one place that knows the keys conventions send them under, tried in this
    /// order (the first that holds any document wins):
    ///
    /// - `gen_ai.retrieval.documents`: a JSON array of `{"id", "content", "score"}` (OTel GenAI);
    /// - `langwatch.rag.contexts`: a JSON array of `{"document_id", "chunk_id", "content"}`, or
    ///   of plain strings (LangWatch);
    /// - `contexts`: the same shape, as a span of LangWatch's REST API carries it;
    /// - `retrieval.documents.<n>.document.{id,content,score}` (OpenInference).
    ///
    /// Only the attributes a span kept are read (see ``OTLPNormalizer/attributeLimit``).
    public var retrievedDocuments: [RetrievedDocument] {
        for (key, read) in [(GenAIKeys.retrievalDocuments, Self.genAIDocument),
                            (LangWatchKeys.ragContexts, Self.langWatchContext), ("contexts", Self.langWatchContext)] {
            let documents = Self.list(attributes[key]).compactMap(read)
            if !documents.isEmpty { return documents }
        }
        return openInferenceDocuments
    }

    /// A JSON array, stored as such or as JSON text (how OTLP string attributes are kept).
    private static func list(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .array(let elements): return elements
        case .string(let text):
            if case .array(let elements)? = try? JSONValue(parsing: text.utf8) { return elements }
            return []
        default: return []
        }
    }

    private static func genAIDocument(_ element: JSONValue) -> RetrievedDocument? {
        guard case .object(let object) = element else { return nil }
        return document(id: object["id"], content: object["content"], score: object["score"])
    }

    private static func langWatchContext(_ element: JSONValue) -> RetrievedDocument? {
        if case .string(let content) = element { return RetrievedDocument(content: content) }
        guard case .object(let object) = element else { return nil }
        return document(id: object["document_id"], content: object["content"], score: nil)
    }

    private var openInferenceDocuments: [RetrievedDocument] {
        let prefix = OpenInferenceKeys.retrievalDocumentsPrefix
        var byIndex: [Int: (id: JSONValue?, content: JSONValue?, score: JSONValue?)] = [:]
        for (key, value) in attributes where key.hasPrefix(prefix) {
            let parts = key.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[0]) else { continue }
            switch parts[1] {
            case "document.id": byIndex[index, default: (nil, nil, nil)].id = value
            case "document.content": byIndex[index, default: (nil, nil, nil)].content = value
            case "document.score": byIndex[index, default: (nil, nil, nil)].score = value
            default: continue
            }
        }
        return byIndex.sorted { $0.key < $1.key }.compactMap { Self.document(id: $0.value.id, content: $0.value.content,
                                                                            score: $0.value.score) }
    }

    /// A document from its three values; nil when it has neither id nor content.
    private static func document(id: JSONValue?, content: JSONValue?, score: JSONValue?) -> RetrievedDocument? {
        let id = id.flatMap(text)
        let content = content.flatMap(text)
        guard id != nil || content != nil else { return nil }
        return RetrievedDocument(id: id, content: content, score: score.flatMap(number))
    }

    /// A string or a number as text (ids are sometimes numbers).
    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        default: return nil
        }
    }

    /// A finite number, or its text.
    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let text): return Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: return value.doubleValue.flatMap { $0.isFinite ? $0 : nil }
        }
    }
}
