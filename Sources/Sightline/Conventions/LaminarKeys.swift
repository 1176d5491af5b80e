/// The keys Laminar reads, which Sightline writes with ``Convention/laminar`` and the collector
/// (`sightline serve`) reads back. Laminar also reads the ``GenAIKeys`` for the model and tokens.
///
/// Laminar takes the session and user only from its association properties, never from
/// ``GenAIKeys/conversationId``.
public enum LaminarKeys {
    /// The span type, upper case (`LLM`, `TOOL`, `EVALUATION`, `DEFAULT`).
    public static let spanType = "lmnr.span.type"
    /// The input as JSON text.
    public static let input = "lmnr.span.input"
    /// The output as JSON text.
    public static let output = "lmnr.span.output"

    /// What every trace-level key starts with.
    public static let associationPrefix = "lmnr.association.properties."
    /// The session (Sightline's thread) id.
    public static let sessionId = associationPrefix + "session_id"
    /// The user id.
    public static let userId = associationPrefix + "user_id"
    /// The labels (string array).
    public static let tags = associationPrefix + "tags"
    /// Custom metadata, one key per entry: `lmnr.association.properties.metadata.<key>`.
    public static let metadataPrefix = associationPrefix + "metadata."
    /// The customer id, which Laminar has no key for: a metadata entry named `customer_id`.
    public static let customerId = metadataPrefix + "customer_id"
    /// The call's cost (double).
    public static let cost = "gen_ai.usage.cost"
}
