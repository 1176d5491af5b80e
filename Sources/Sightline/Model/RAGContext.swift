/// A document chunk a retrieval step returned and fed to the model.
public struct RAGContext: Sendable, Hashable {
    public var documentId: String
    public var chunkId: String?
    public var content: String
    public var score: Double?

    public init(documentId: String, chunkId: String? = nil, content: String, score: Double? = nil) {
        self.documentId = documentId
        self.chunkId = chunkId
        self.content = content
        self.score = score
    }
}
