/// A trace's input or output as trace lists carry it: the value itself when it is short, else the
/// start of its readable text (see ``ContentText/readable(_:)``), never a whole value that may
/// run to megabytes.
enum ValuePreview {
    /// The characters a preview keeps.
    static let length = 300
    /// The characters read from the database to make one: enough to read the chat messages of
    /// an ordinary turn whole. SQL cuts the value there (`substr`), so a longer one never
    /// reaches the reply.
    static let storedPrefix = 65_536

    /// The preview of `prefix`, the first ``storedPrefix`` characters of a value: the value
    /// when it has at most ``length`` characters (not truncated), else the first ``length``
    /// characters of its readable text (truncated).
    static func preview(_ prefix: String?) -> (text: String?, isTruncated: Bool) {
        // Characters are counted only as far as the preview's length: a list reads many values.
        guard let prefix, prefix.utf8.count > length,
              prefix.index(prefix.startIndex, offsetBy: length, limitedBy: prefix.endIndex) != prefix.endIndex else {
            return (prefix, false)
        }
        // Cut by SQL, the value is not whole JSON: its text is read as it is.
        let isCut = prefix.utf8.count >= storedPrefix && prefix.count >= storedPrefix
        let readable = isCut ? prefix : ContentText.readable(prefix)
        return (String(readable.prefix(length)), true)
    }
}
