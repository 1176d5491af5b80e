import Sightline

/// The searchable forms of a custom metadata value, as `trace_metadata` indexes them.
///
/// Exact filters (`key=value`) compare ``text(_:)``: strings as themselves, every other value
/// as its compact JSON text, numbers in canonical form (`0.90` and `0.9` are both `0.9`).
/// Numeric filters (`key>0.8`) compare ``number(_:)``: numbers, and strings that hold a number.
enum MetadataColumns {
    static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonString
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number.isFinite ? number : nil
        case .string(let text):
            guard let number = Double(text), number.isFinite else { return nil }
            return number
        default: return nil
        }
    }
}
