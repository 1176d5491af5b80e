// HTTP header values may carry optional whitespace (spaces and tabs) around list members.

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP optional whitespace).
    func trimmingOptionalWhitespace() -> Substring {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isWhitespace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isWhitespace($0) })!
        return self[start...end]
    }
}

extension ArraySlice<UInt8> {
    /// Without leading and trailing spaces and tabs (HTTP optional whitespace).
    func trimmingOptionalWhitespace() -> ArraySlice<UInt8> {
        let isWhitespace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let start = firstIndex(where: { !isWhitespace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isWhitespace($0) })!
        return self[start...end]
    }
}
