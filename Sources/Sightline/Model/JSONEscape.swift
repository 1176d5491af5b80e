/// The meaning of JSON's string escapes (RFC 8259, section 7), for the two readers of JSON
/// text: ``JSONValue/init(parsing:maximumDepth:memoryLimit:)`` and the OTLP/JSON decoder's
/// cursor, which reads without building a tree.
package enum JSONEscape {
    /// The byte that a one-character escape stands for (`n` in `\n` gives 0x0A); nil for `u`,
    /// which ``hexValue(_:)`` reads on, and for a character that is no escape.
    package static func byte(escaped character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return character
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The value of a hex digit of a `\u` escape (either case), nil for any other byte.
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return byte - UInt8(ascii: "0") }
        let lowercase = byte | 0x20
        if lowercase >= UInt8(ascii: "a") && lowercase <= UInt8(ascii: "f") { return lowercase - UInt8(ascii: "a") + 10 }
        return nil
    }
}
