/// A document (or chunk) a retrieval (RAG) span returned, as read back from its attributes by
/// ``CollectedSpan/retrievedDocuments``.
public struct RetrievedDocument: Sendable, Hashable {
    /// The document's id; nil when the sender gave none.
    public var id: String?
    /// The text retrieved; nil when the sender gave none.
    public var content: String?
    /// The retriever's relevance score, when the sender reported one.
    public var score: Double?

    /// Makes a document.
    /// - Parameters:
    ///   - id: the document's id.
    ///   - content: the text retrieved.
    ///   - score: the retriever's relevance score, when the sender reported one.
    public init(id: String? = nil, content: String? = nil, score: Double? = nil) {
        self.id = id
        self.content = content
        self.score = score
    }
}
