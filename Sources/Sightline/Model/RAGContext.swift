/// A document chunk a retrieval step returned and fed to the model.
public struct RAGContext: Sendable, Hashable {
    /// The document's id in your store.
    public var documentId: String
    /// The chunk's id within the document, when documents are split.
    public var chunkId: String?
    /// The text the model was given.
    public var content: String
    /// The retrieval score, when the retriever gives one.
    public var score: Double?

    /// Describes one retrieved chunk.
    /// - Parameters:
    ///   - documentId: the document's id.
    ///   - chunkId: the chunk's id within the document.
    ///   - content: the text the model was given.
    ///   - score: the retrieval score.
    public init(documentId: String, chunkId: String? = nil, content: String, score: Double? = nil) {
        self.documentId = documentId
        self.chunkId = chunkId
        self.content = content
        self.score = score
    }
}
