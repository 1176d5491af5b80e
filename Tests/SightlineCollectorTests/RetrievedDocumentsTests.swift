import Sightline
import SightlineCollector
import Testing

/// A RAG span's documents, written by the SDK under each convention that has keys for them and
/// sent through binary OTLP, come back from the stored attributes.
struct RetrievedDocumentsTests {
    static let contexts = [
        RAGContext(documentId: "refund-policy", chunkId: "c-1", content: "Refunds are processed within five days.", score: 0.92),
        RAGContext(documentId: "shipping", content: "We ship worldwide.", score: 0.5),
    ]

    static func retrieval(_ conventions: [Convention]) async throws -> CollectedSpan {
        let spans = try await collectedThroughOTLP(conventions: conventions) { sdk in
            sdk.withSpan("retrieve", type: .rag) { span in
                span.setInput(.text("refund?"))
                span.setRAGContexts(contexts)
            }
        }
        return try #require(spans.first)
    }

    @Test(arguments: [Convention.genAI, .openInference])
    func documentsWithScoresComeBack(convention: Convention) async throws {
        let span = try await Self.retrieval([convention])
        #expect(span.retrievedDocuments == [
            RetrievedDocument(id: "refund-policy", content: "Refunds are processed within five days.", score: 0.92),
            RetrievedDocument(id: "shipping", content: "We ship worldwide.", score: 0.5),
        ])
    }

    @Test func langWatchContextsComeBackWithoutScores() async throws {
        let span = try await Self.retrieval([.langWatch])
        #expect(span.retrievedDocuments == [
            RetrievedDocument(id: "refund-policy", content: "Refunds are processed within five days."),
            RetrievedDocument(id: "shipping", content: "We ship worldwide."),
        ])
    }

    @Test func aRESTSpansContextsComeBack() throws {
        let body = #"""
            {"trace_id": "t-1", "spans": [{"type": "rag", "span_id": "s-1",
              "contexts": [{"document_id": "refund-policy", "chunk_id": "c-1", "content": "Refunds take five days."},
                           "a context given as plain text"],
              "timestamps": {"started_at": 1699900000000, "finished_at": 1699900000100}}]}
            """#
        let span = try #require(try LangWatchCollectorRequest.spans(fromJSON: Array(body.utf8)).first)
        #expect(span.retrievedDocuments == [
            RetrievedDocument(id: "refund-policy", content: "Refunds take five days."),
            RetrievedDocument(content: "a context given as plain text"),
        ])
    }

    @Test func aSpanWithoutDocumentsHasNone() async throws {
        let spans = try await collectedThroughOTLP(conventions: Convention.allCases) { sdk in
            sdk.withSpan("chat", type: .llm) { $0.setInput(.text("hi")) }
        }
        #expect(try #require(spans.first).retrievedDocuments.isEmpty)
    }

    @Test func openInferenceDocumentsKeepTheirNumericOrder() {
        var attributes: [String: JSONValue] = [:]
        for index in 0..<12 { attributes["retrieval.documents.\(index).document.id"] = .string("d\(index)") }
        let span = CollectedSpan(traceId: "t", spanId: "s", name: "retrieve", startTime: Timestamp(nanosecondsSinceEpoch: 0),
                                 endTime: Timestamp(nanosecondsSinceEpoch: 1), attributes: attributes)
        #expect(span.retrievedDocuments.map(\.id) == (0..<12).map { "d\($0)" })
    }
}
