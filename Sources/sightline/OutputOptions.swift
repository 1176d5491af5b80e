import ArgumentParser
import Foundation

/// `--json`: machine-readable output instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    /// Prints `value` as pretty JSON with sorted keys, the same shape the HTTP query API returns.
    func printJSON(_ value: some Encodable) throws {
        print(try Self.jsonText(value))
    }

    /// `value` as pretty JSON with sorted keys; an empty array or object is written `[]` or `{}`,
    /// where Foundation's pretty printer writes the brackets on lines of their own.
    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // A newline never occurs inside a JSON string (it is escaped there), so a bracket
        // followed by nothing but whitespace with a newline in it is an empty container.
        return text.replacing(/\[\n\s*\]/, with: "[]").replacing(/\{\n\s*\}/, with: "{}")
    }
}
