import ArgumentParser
import Sightline

/// `--json`: machine-readable output instead of a table.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    /// Prints `value` as pretty JSON with sorted keys, the same shape the HTTP query API returns.
    func printJSON(_ value: some Encodable) throws {
        print(try Self.jsonText(value))
    }

    /// `value` as pretty JSON with sorted keys; an empty array or object is written `[]` or `{}`.
    static func jsonText(_ value: some Encodable) throws -> String {
        var writer = JSONWriter()
        writer.value(try JSONValue(encoding: value), style: .pretty)
        return writer.text
    }
}
