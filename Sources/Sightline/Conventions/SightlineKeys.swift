/// Sightline's own attribute keys: where the SDK writes the trace fields that no enabled
/// convention has a key for, and where the collector (`sightline serve`) reads them back.
///
/// The OpenTelemetry GenAI conventions, the default, have keys for the user, the thread, the
/// model, the tokens and chat messages, but none for the customer, labels, custom metadata or
/// cost, no span-type value for evaluations and guardrails, and no form for JSON content. With
/// GenAI as the only convention, those fields would leave the process under no key at all; so
/// the SDK writes them under these keys instead, and leaves every `gen_ai.*` key exactly as the
/// GenAI conventions define it. When LangWatch, Laminar or OpenInference is enabled too, its
/// keys carry those fields and these are not written.
public enum SightlineKeys {
    /// The customer id (string), on every span.
    public static let customerId = "sightline.customer.id"
    /// The trace's labels and the span's own (string array), on every span.
    public static let labels = "sightline.labels"
    /// Custom metadata, one key per entry: `sightline.metadata.<key>`, on the local root (or on
    /// every span with `customMetadataOnEverySpan`).
    public static let metadataPrefix = "sightline.metadata."
    /// The call's cost (double), in the account's currency.
    public static let cost = "sightline.usage.cost"
    /// `true` on a span whose cost the SDK computed from the model's price (``ModelPrices``)
    /// rather than took from the caller.
    public static let costComputed = "sightline.usage.cost_computed"
    /// The span type's raw value (`evaluation`, `guardrail`), for types the GenAI
    /// conventions have no `gen_ai.operation.name` for.
    public static let spanType = "sightline.span.type"
    /// JSON content (``SpanContent/json(_:)``), which `gen_ai.input.messages` cannot hold, as JSON text.
    public static let input = "sightline.input"
    /// JSON output, as JSON text; see ``input``.
    public static let output = "sightline.output"
}
