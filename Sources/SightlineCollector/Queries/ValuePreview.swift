/// A trace's input or output as trace lists carry it: the start of its readable text (see
/// ``ContentText/readable(_:)``), never the whole value, which may run to megabytes.
enum ValuePreview {
    /// The characters a preview keeps.
    static let length = 300
    /// The characters read from the database to make one: enough to read the chat messages of
    /// an ordinary turn whole. SQL cuts the value there (`substr`), so a longer one never
    /// reaches the reply.
    static let storedPrefix = 65_536

    /// The preview of `prefix`, the first ``storedPrefix`` characters of a value, and whether it
    /// leaves part of the value out.
    static func preview(_ prefix: String?) -> (text: String?, isTruncated: Bool) {
        guard let prefix else { return (nil, false) }
        let cut = prefix.count >= storedPrefix
        let readable = cut ? prefix : ContentText.readable(prefix)
        guard readable.count > length else { return (readable, cut) }
        return (String(readable.prefix(length)), true)
    }
}
