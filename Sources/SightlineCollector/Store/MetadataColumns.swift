import Sightline

/// The searchable form of a custom metadata value, as `trace_metadata` indexes it: a number
/// for numbers and strings that hold one (`"0.9"`), text for everything else (strings as
/// themselves, other values as compact JSON text). Each value is in one index only.
package enum MetadataColumns {
    /// The indexed number; nil for values that are not numbers.
    package static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number.isFinite ? number : nil
        case .string(let text):
            guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
                let number = Double(text), number.isFinite else { return nil }
            return number
        default: return nil
        }
    }

    /// The indexed text; nil for values indexed as numbers.
    static func text(_ value: JSONValue) -> String? {
        if number(value) != nil { return nil }
        if case .string(let text) = value { return text }
        return value.jsonString
    }
}
