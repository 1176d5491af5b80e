import Sightline

/// The values of one query, each bound to a `{name:Type}` placeholder that ClickHouse fills
/// from the request's `param_name` (values never become SQL text).
struct ClickHouseParameters {
    private(set) var values: [String: String] = [:]

    /// A placeholder for a String: ClickHouse reads a parameter in its escaped text form.
    mutating func bind(_ value: String) -> String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return bind(escaped, as: "String")
    }

    /// A placeholder for the text form `text` of a value of ClickHouse type `type`.
    private mutating func bind(_ text: String, as type: String) -> String {
        let name = "p\(values.count)"
        values[name] = text
        return "{\(name):\(type)}"
    }

    mutating func bind(_ value: UInt64) -> String { bind(String(value), as: "UInt64") }

    mutating func bind(_ value: Int64) -> String { bind(String(value), as: "Int64") }

    /// A Float64, in the text ClickHouse reads back to the same double.
    mutating func bind(_ value: Double) -> String { bind("\(value)", as: "Float64") }

    mutating func bind(_ values: [String]) -> String {
        bind("[" + values.map { "'" + Self.escaped($0) + "'" }.joined(separator: ",") + "]", as: "Array(String)")
    }

    /// A string inside a quoted array element of a parameter's text form.
    private static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "'": escaped += "\\'"
            case "\t": escaped += "\\t"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
