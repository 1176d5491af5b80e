import Sightline

/// Reads a span's input or output back from the keys each convention wrote it under.
///
/// Plain text comes back as that text, whatever wrapping the convention put around it
/// (LangWatch's `{"type": "text", "value": …}`, Laminar's and Langfuse's JSON string); anything else comes
/// back as JSON text. The forms that keep the common chat shape (`[{role, content}]`) are
/// preferred over the GenAI conventions' `parts` form.
enum ContentReading {
    enum Side: String {
        case input, output
    }

    static func content(_ side: Side, in attributes: AttributeLookup) -> String? {
        let isInput = side == .input
        if let json = attributes.string(isInput ? SightlineKeys.input : SightlineKeys.output) { return json }
        if let typed = attributes.string(isInput ? LangWatchKeys.input : LangWatchKeys.output) {
            return fromTypedValue(typed)
        }
        if let laminar = attributes.string(isInput ? LaminarKeys.input : LaminarKeys.output) {
            return fromJSONText(laminar)
        }
        if let langfuse = attributes.string(isInput ? LangfuseKeys.observationInput : LangfuseKeys.observationOutput) {
            return fromJSONText(langfuse)
        }
        if let openInference = attributes.string(isInput ? OpenInferenceKeys.inputValue : OpenInferenceKeys.outputValue) {
            return openInference
        }
        return attributes.string(isInput ? GenAIKeys.inputMessages : GenAIKeys.outputMessages)
    }

    /// LangWatch's typed value `{"type", "value"}` as JSON text. Text that is not such an object
    /// is returned as it came.
    static func fromTypedValue(_ text: String) -> String {
        guard let parsed = try? JSONValue(parsing: text.utf8) else { return text }
        return fromTypedValue(parsed) ?? text
    }

    /// The content of a typed value (also the REST API's `input`/`output`): a string value as
    /// its text, any other value as JSON text. nil when `value` is not such an object.
    static func fromTypedValue(_ value: JSONValue) -> String? {
        guard case .object(let object) = value, let content = object["value"] else { return nil }
        return text(of: content)
    }

    /// JSON text holding a string reads as the string; other JSON text is returned unchanged.
    static func fromJSONText(_ text: String) -> String {
        if let parsed = try? JSONValue(parsing: text.utf8), case .string(let string) = parsed { return string }
        return text
    }

    /// A string as itself, anything else as compact JSON text; nil for JSON null.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: return value.jsonString
        }
    }
}
