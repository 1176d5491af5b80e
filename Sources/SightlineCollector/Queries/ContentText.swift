import Sightline

/// Turns stored span content into what a person reads in a conversation view.
public enum ContentText {
    /// Chat messages (the common `[{role, content}]` shape, or the GenAI conventions' `parts`
    /// shape) read as the text of the last message, the one a turn adds; a JSON string reads as
    /// the string; anything else is returned unchanged.
    /// - Parameter content: a stored input or output: text, or JSON text.
    /// - Returns: the text a person reads.
    public static func readable(_ content: String) -> String {
        guard let parsed = AttributeLookup.structuredJSON(content) else {
            return ContentReading.fromJSONText(content)
        }
        guard case .array(let messages) = parsed, case .object(let last)? = messages.last,
              last["role"] != nil, let text = messageText(last) else { return content }
        return text
    }

    private static func messageText(_ message: [String: JSONValue]) -> String? {
        if case .string(let text)? = message["content"], !text.isEmpty { return text }
        // OpenAI's multi-part content and the GenAI `parts` both hold text parts.
        for key in ["content", "parts"] {
            guard case .array(let parts)? = message[key] else { continue }
            let texts = parts.compactMap { part -> String? in
                guard case .object(let object) = part else { return nil }
                if case .string(let text)? = object["text"] { return text }
                if object["type"] == "text", case .string(let text)? = object["content"] { return text }
                return nil
            }
            if !texts.isEmpty { return texts.joined(separator: "\n") }
        }
        // The GenAI conventions' tool parts: a call the model asks for, or a tool's answer.
        if case .array(let parts)? = message["parts"] {
            let described = parts.compactMap { part -> String? in
                guard case .object(let object) = part else { return nil }
                if object["type"] == "tool_call", case .string(let name)? = object["name"] {
                    return name + "(" + (ContentReading.text(of: object["arguments"] ?? .null) ?? "") + ")"
                }
                if object["type"] == "tool_call_response" { return ContentReading.text(of: object["response"] ?? .null) }
                return nil
            }
            if !described.isEmpty { return described.joined(separator: ", ") }
        }
        if case .array(let calls)? = message["tool_calls"] {
            let names = calls.compactMap { call -> String? in
                guard case .object(let object) = call, case .object(let function)? = object["function"],
                      case .string(let name)? = function["name"] else { return nil }
                return name + "(" + (ContentReading.text(of: function["arguments"] ?? .null) ?? "") + ")"
            }
            if !names.isEmpty { return names.joined(separator: ", ") }
        }
        return nil
    }
}
