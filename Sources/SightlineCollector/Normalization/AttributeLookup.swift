import Foundation
import Sightline

/// A span's OTLP attributes by key, with readers that accept the shapes senders use in
/// practice: numbers sent as strings, string arrays sent as JSON text, objects sent as JSON text.
struct AttributeLookup {
    private let values: [String: AttributeValue]

    init(_ attributes: [Attribute]) {
        values = Dictionary(attributes.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    subscript(key: String) -> AttributeValue? { values[key] }

    /// The keys that start with `prefix`, with the prefix removed, sorted.
    func keys(withPrefix prefix: String) -> [(suffix: String, key: String)] {
        values.keys.filter { $0.hasPrefix(prefix) && $0.utf8.count > prefix.utf8.count }
            .sorted()
            .map { (String(decoding: $0.utf8.dropFirst(prefix.utf8.count), as: UTF8.self), $0) }
    }

    /// The first of `keys` that holds a non-empty string (or a number, as its text).
    func string(_ keys: String...) -> String? {
        for key in keys {
            switch values[key] {
            case .string(let text) where !text.isEmpty: return text
            case .int(let number): return String(number)
            default: continue
            }
        }
        return nil
    }

    /// The first of `keys` that holds a whole number (an integer, an integral double, or its text).
    func integer(_ keys: String...) -> Int? {
        for key in keys {
            switch values[key] {
            case .int(let number): return Int(exactly: number)
            case .double(let number) where number.rounded() == number: return Int(exactly: number)
            case .string(let text): if let number = Int(text) { return number }
            default: continue
            }
        }
        return nil
    }

    /// The first of `keys` that holds a finite number (or its text).
    func number(_ keys: String...) -> Double? {
        for key in keys {
            switch values[key] {
            case .double(let number) where number.isFinite: return number
            case .int(let number): return Double(number)
            case .string(let text): if let number = Double(text), number.isFinite { return number }
            default: continue
            }
        }
        return nil
    }

    /// A string list sent as an OTLP array, as JSON array text, or as one string.
    func stringList(_ key: String) -> [String] {
        switch values[key] {
        case .array(let elements): return elements.compactMap(\.stringValue)
        case .string(let text):
            if text.hasPrefix("["), let parsed = try? JSONValue(parsing: text.utf8),
               let labels = MetadataFields.labelList(parsed) {
                return labels
            }
            return text.isEmpty ? [] : [text]
        default: return []
        }
    }

    /// A JSON object sent as an OTLP key-value list or as JSON object text.
    func object(_ key: String) -> [String: JSONValue]? {
        switch values[key].map(Self.json) {
        case .object(let members): return members
        default: return nil
        }
    }

    /// An attribute value as JSON. Strings holding a JSON object or array (how conventions send
    /// structured metadata values) are read as that structure; byte values become base64 text.
    static func json(_ value: AttributeValue) -> JSONValue {
        if case .string(let text) = value, let structured = structuredJSON(text) { return structured }
        return plainJSON(value)
    }

    /// An attribute value as JSON without reading strings as JSON text.
    static func plainJSON(_ value: AttributeValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .bytes(let bytes): return .string(Data(bytes).base64EncodedString())
        case .array(let elements): return .array(elements.map(plainJSON))
        case .keyValueList(let pairs):
            return .object(Dictionary(pairs.map { ($0.key, plainJSON($0.value)) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// `text` parsed, when it is JSON object or array text.
    static func structuredJSON(_ text: String) -> JSONValue? {
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { return nil }
        return try? JSONValue(parsing: text.utf8)
    }
}
