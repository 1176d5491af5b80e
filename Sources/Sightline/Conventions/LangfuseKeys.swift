/// The keys Langfuse reads from OpenTelemetry spans, which Sightline writes with
/// ``Convention/langfuse`` and the collector (`sightline serve`) reads back.
///
/// Checked on 2026-12-04 against Langfuse's own documentation: the trace keys and the
/// observation type, input, output, level and status message against the attribute constants
/// of Langfuse's JavaScript SDK reference (`LangfuseOtelSpanAttributes`, `@langfuse/tracing`
/// 4.x) and the property mapping of Langfuse's OpenTelemetry guide (which also lists
/// `langfuse.user.id`, `langfuse.session.id` and `langfuse.observation.completion_start_time`);
/// the shapes of usage and cost details (maps of usage type to units and to USD, `total` as
/// the sum) against Langfuse's model usage and cost guide and its API reference.
/// `langfuse.observation.model.name`, `.usage_details` and `.cost_details` were not on the
/// documentation pages found; they are the keys CONVENTIONS.md lists, and other OpenTelemetry
/// senders to Langfuse use them alike.
///
/// Langfuse also reads ``GenAIKeys`` and OpenInference's `input.value`; its own keys win.
public enum LangfuseKeys {
    /// The user id.
    public static let userId = "langfuse.user.id"
    /// The session (Sightline's thread) id.
    public static let sessionId = "langfuse.session.id"
    /// The trace's tags (Sightline's labels; string array).
    public static let traceTags = "langfuse.trace.tags"
    /// Trace metadata, one key per entry: `langfuse.trace.metadata.<key>`.
    public static let traceMetadataPrefix = "langfuse.trace.metadata."
    /// The customer id, which Langfuse has no key for: a trace metadata entry named `customer_id`.
    public static let customerId = traceMetadataPrefix + "customer_id"
    /// The trace's input (JSON text), written on the trace's root span.
    public static let traceInput = "langfuse.trace.input"
    /// The trace's output (JSON text), written on the trace's root span.
    public static let traceOutput = "langfuse.trace.output"

    /// The observation type: `span`, `generation`, `event`, `agent`, `tool`, `chain`,
    /// `retriever`, `evaluator`, `embedding`, `guardrail`.
    public static let observationType = "langfuse.observation.type"
    /// The observation's input (JSON text).
    public static let observationInput = "langfuse.observation.input"
    /// The observation's output (JSON text).
    public static let observationOutput = "langfuse.observation.output"
    /// The model, which Langfuse matches against its prices.
    public static let modelName = "langfuse.observation.model.name"
    /// Units consumed per usage type, a JSON object; its members are ``Usage``.
    public static let usageDetails = "langfuse.observation.usage_details"
    /// USD per usage type, a JSON object; Sightline writes its ``Cost/total``.
    public static let costDetails = "langfuse.observation.cost_details"
    /// When a streamed answer's first chunk arrived, ISO 8601 (``Timestamp/iso8601``).
    public static let completionStartTime = "langfuse.observation.completion_start_time"
    /// `DEBUG`, `DEFAULT`, `WARNING` or `ERROR`; Sightline writes ``errorLevel`` on failed spans.
    public static let level = "langfuse.observation.level"
    /// Why the observation failed.
    public static let statusMessage = "langfuse.observation.status_message"
    /// The ``level`` of a failed observation.
    public static let errorLevel = "ERROR"

    /// The members of ``LangfuseKeys/usageDetails`` Sightline writes. Langfuse counts every
    /// usage type whose name holds `input` as input and `output` as output.
    public enum Usage {
        /// Input tokens.
        public static let input = "input"
        /// Output tokens.
        public static let output = "output"
        /// Input and output tokens together.
        public static let total = "total"
        /// Input tokens read from the prompt cache.
        public static let inputCacheRead = "input_cache_read"
        /// Input tokens written to the prompt cache.
        public static let inputCacheCreation = "input_cache_creation"
        /// Output tokens spent on reasoning.
        public static let outputReasoning = "output_reasoning"
    }

    /// The members of ``LangfuseKeys/costDetails`` Sightline writes.
    public enum Cost {
        /// The call's whole cost.
        public static let total = "total"
    }
}
