/// The OpenInference keys that Arize Phoenix reads, which Sightline writes with
/// ``Convention/openInference`` and the collector (`sightline serve`) reads back.
public enum OpenInferenceKeys {
    /// The span kind, upper case (`LLM`, `EMBEDDING`, `TOOL`, `AGENT`, `RETRIEVER`, `CHAIN`, …).
    public static let spanKind = "openinference.span.kind"
    /// The session (Sightline's thread) id.
    public static let sessionId = "session.id"
    /// The user id.
    public static let userId = "user.id"
    /// The labels (string array).
    public static let tags = "tag.tags"
    /// Custom metadata as one JSON object (the customer id is its `customer_id` member).
    public static let metadata = "metadata"
    /// The member of ``metadata`` that holds the customer id, which OpenInference has no key for.
    public static let customerIdMember = "customer_id"

    /// The input: text, or JSON text as ``inputMimeType`` says.
    public static let inputValue = "input.value"
    /// `text/plain` or `application/json`.
    public static let inputMimeType = "input.mime_type"
    /// The output; see ``inputValue``.
    public static let outputValue = "output.value"
    /// The output's MIME type; see ``inputMimeType``.
    public static let outputMimeType = "output.mime_type"
    /// What the flattened input chat messages' keys start with: `llm.input_messages.<i>.message.<field>`.
    public static let inputMessagesPrefix = "llm.input_messages."
    /// What the flattened output chat messages' keys start with.
    public static let outputMessagesPrefix = "llm.output_messages."

    /// The model (the answering one when known).
    public static let modelName = "llm.model_name"
    /// The provider.
    public static let provider = "llm.provider"
    /// Input tokens.
    public static let promptTokens = "llm.token_count.prompt"
    /// Output tokens.
    public static let completionTokens = "llm.token_count.completion"
    /// Input and output tokens together.
    public static let totalTokens = "llm.token_count.total"
    /// Input tokens read from the prompt cache.
    public static let cacheReadTokens = "llm.token_count.prompt_details.cache_read"
    /// Input tokens written to the prompt cache.
    public static let cacheWriteTokens = "llm.token_count.prompt_details.cache_write"
    /// Output tokens spent on reasoning.
    public static let reasoningTokens = "llm.token_count.completion_details.reasoning"
    /// The call's cost (double).
    public static let costTotal = "llm.cost.total"
    /// Request parameters as a JSON object.
    public static let invocationParameters = "llm.invocation_parameters"
    /// What the retrieved documents' keys start with: `retrieval.documents.<i>.document.<field>`.
    public static let retrievalDocumentsPrefix = "retrieval.documents."
}
