/// The OpenTelemetry GenAI semantic-convention keys (v1.37–v1.41) that Sightline writes with
/// ``Convention/genAI`` and that the collector (`sightline serve`) reads back.
///
/// Laminar and LangWatch read the model and usage keys too, so their writers use these.
public enum GenAIKeys {
    /// The operation (`chat`, `embeddings`, `execute_tool`, …), which names the span type.
    public static let operationName = "gen_ai.operation.name"
    /// The conversation (Sightline's thread) id.
    public static let conversationId = "gen_ai.conversation.id"
    /// The user id: the general OpenTelemetry key the GenAI conventions rely on.
    public static let userId = "user.id"

    /// The model asked for.
    public static let requestModel = "gen_ai.request.model"
    /// The model that answered (often a dated variant of the one asked for).
    public static let responseModel = "gen_ai.response.model"
    /// The provider (`openai`, `anthropic`, …).
    public static let providerName = "gen_ai.provider.name"
    /// The provider under its name before v1.37; read, never written.
    public static let legacySystem = "gen_ai.system"

    /// Input (prompt) tokens.
    public static let inputTokens = "gen_ai.usage.input_tokens"
    /// Output (completion) tokens.
    public static let outputTokens = "gen_ai.usage.output_tokens"
    /// Input tokens under their name before v1.27; read, never written.
    public static let legacyPromptTokens = "gen_ai.usage.prompt_tokens"
    /// Output tokens under their name before v1.27; read, never written.
    public static let legacyCompletionTokens = "gen_ai.usage.completion_tokens"
    /// Input tokens read from the provider's prompt cache (v1.40).
    public static let cacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens"
    /// Input tokens written to the provider's prompt cache (v1.40).
    public static let cacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens"
    /// Output tokens spent on reasoning (v1.41).
    public static let reasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens"

    /// `true` on a streamed call (v1.41).
    public static let requestStream = "gen_ai.request.stream"
    /// Seconds from the span's start to the first chunk of a streamed answer (v1.41).
    public static let timeToFirstChunk = "gen_ai.response.time_to_first_chunk"

    /// The sampling temperature.
    public static let temperature = "gen_ai.request.temperature"
    /// The most tokens the model may produce.
    public static let maxTokens = "gen_ai.request.max_tokens"
    /// The nucleus-sampling probability mass.
    public static let topP = "gen_ai.request.top_p"

    /// The input as JSON messages `[{"role", "parts": […]}]`.
    public static let inputMessages = "gen_ai.input.messages"
    /// The output as JSON messages `[{"role", "parts": […]}]`.
    public static let outputMessages = "gen_ai.output.messages"
    /// The retrieved documents as a JSON array `[{"id", "content", "score"}]`.
    public static let retrievalDocuments = "gen_ai.retrieval.documents"

    /// The event an evaluation's result is recorded as (v1.38), and its attributes.
    public static let evaluationResultEvent = "gen_ai.evaluation.result"
    /// The evaluation's name (`faithfulness`).
    public static let evaluationName = "gen_ai.evaluation.name"
    /// Its numeric score.
    public static let evaluationScoreValue = "gen_ai.evaluation.score.value"
    /// Its label (`pass`, `fail`).
    public static let evaluationScoreLabel = "gen_ai.evaluation.score.label"
    /// Why the evaluator gave that score.
    public static let evaluationExplanation = "gen_ai.evaluation.explanation"
}
