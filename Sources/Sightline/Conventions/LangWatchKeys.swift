/// The keys LangWatch reads, which Sightline writes with ``Convention/langWatch`` and the
/// collector (`sightline serve`) reads back. LangWatch also reads the ``GenAIKeys`` for the
/// conversation, the model and the tokens.
public enum LangWatchKeys {
    /// The span type (`llm`, `tool`, `agent`, `rag`, `workflow`, `evaluation`, `component`, `span`).
    public static let spanType = "langwatch.span.type"
    /// The thread id as LangWatch's SDKs send it; Sightline writes ``GenAIKeys/conversationId``.
    public static let threadId = "langwatch.thread.id"
    /// The user id.
    public static let userId = "langwatch.user.id"
    /// The customer id.
    public static let customerId = "langwatch.customer.id"
    /// The labels (string array).
    public static let labels = "langwatch.labels"
    /// Custom metadata, one key per entry: `metadata.<key>`.
    public static let metadataPrefix = "metadata."
    /// The input as a typed value `{"type": "text" | "chat_messages" | "json", "value": …}`.
    public static let input = "langwatch.input"
    /// The output as a typed value; see ``input``.
    public static let output = "langwatch.output"
    /// The call's numbers as a JSON object; its members are ``Metrics``.
    public static let metrics = "langwatch.metrics"
    /// `true` on a streamed call.
    public static let streaming = "langwatch.gen_ai.streaming"
    /// The call's times as a JSON object of epoch milliseconds; its members are ``Timestamps``.
    public static let timestamps = "langwatch.timestamps"
    /// Request parameters as a JSON object.
    public static let params = "langwatch.params"
    /// Retrieved documents as a JSON array `[{"document_id", "chunk_id", "content"}]`.
    public static let ragContexts = "langwatch.rag.contexts"

    /// The members of ``LangWatchKeys/metrics``.
    public enum Metrics {
        /// The cost, in the account's currency.
        public static let cost = "cost"
        /// Input tokens.
        public static let promptTokens = "prompt_tokens"
        /// Output tokens.
        public static let completionTokens = "completion_tokens"
    }

    /// The members of ``LangWatchKeys/timestamps``.
    public enum Timestamps {
        /// When the call started.
        public static let startedAt = "started_at"
        /// When the first token of a streamed answer arrived.
        public static let firstTokenAt = "first_token_at"
        /// When the call finished.
        public static let finishedAt = "finished_at"
    }
}
