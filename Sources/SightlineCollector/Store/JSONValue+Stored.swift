import Sightline

extension JSONValue {
    /// The value as the JSON text stored with a span, UTF-8: object members in the
    /// dictionary's order (nothing compares stored text, so no sort), and every double with
    /// its fraction, so that it reads back as a double.
    var storedJSON: [UInt8] {
        var writer = JSONWriter()
        writer.value(self, style: .stored)
        return writer.bytes
    }

    /// ``storedJSON`` as a string.
    var storedJSONText: String {
        String(decoding: storedJSON, as: UTF8.self)
    }
}
