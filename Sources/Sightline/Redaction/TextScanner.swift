/// The byte-level finders behind the built-in ``Masker``s: each looks at the text from a
/// position and returns the range to replace there, if any. Written out by hand rather than as
/// regular expressions, which are not `Sendable` and cost more per value.
enum TextScanner {
    typealias Finder = (_ bytes: [UInt8], _ at: Int) -> Range<Int>?

    /// `text` with every range `find` reports replaced by `replacement`; nil when none is found.
    static func replacing(in text: String, with replacement: String, _ find: Finder) -> String? {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while index < bytes.count {
            if let range = find(bytes, index) {
                output.append(contentsOf: bytes[copied..<range.lowerBound])
                output.append(contentsOf: replacement.utf8)
                copied = range.upperBound
                index = range.upperBound
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isDigit(byte) || isLetter(byte) }

    // MARK: E-mail addresses

    private static func isLocalPart(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "%")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    private static func isDomainPart(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// An address whose local part starts at `start`: local part, `@`, a domain with a dot and
    /// a top-level part of two letters or more.
    static func emailAddress(_ bytes: [UInt8], _ start: Int) -> Range<Int>? {
        guard isLocalPart(bytes[start]), start == 0 || !isLocalPart(bytes[start - 1]) else { return nil }
        var at = start
        while at < bytes.count, isLocalPart(bytes[at]) { at += 1 }
        guard at < bytes.count, bytes[at] == UInt8(ascii: "@"), at > start else { return nil }
        var end = at + 1
        while end < bytes.count, isDomainPart(bytes[end]) { end += 1 }
        while end > at + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
        guard let lastDot = bytes[(at + 1)..<end].lastIndex(of: UInt8(ascii: ".")), lastDot > at + 1,
              end - lastDot - 1 >= 2, bytes[(lastDot + 1)..<end].allSatisfy(isLetter) else { return nil }
        return start..<end
    }

    // MARK: Card numbers

    /// 13 to 19 digits from `start`, single spaces or dashes allowed between them, not inside a
    /// longer run of digits or a word, that pass the Luhn check.
    static func cardNumber(_ bytes: [UInt8], _ start: Int) -> Range<Int>? {
        guard isDigit(bytes[start]), start == 0 || !isAlphanumeric(bytes[start - 1]) else { return nil }
        var digits: [UInt8] = []
        var index = start
        var end = start
        while index < bytes.count, digits.count <= 19 {
            let byte = bytes[index]
            if isDigit(byte) {
                digits.append(byte - 0x30)
                index += 1
                end = index
            } else if (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-")), index + 1 < bytes.count,
                      isDigit(bytes[index + 1]), index > start {
                index += 1
            } else {
                break
            }
        }
        guard (13...19).contains(digits.count), end == bytes.count || !isAlphanumeric(bytes[end]),
              passesLuhn(digits) else { return nil }
        return start..<end
    }

    static func passesLuhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    // MARK: Secrets

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=")
    }

    /// Key prefixes and the fewest token bytes that must follow each.
    private static let keyPrefixes: [(prefix: [UInt8], minimumLength: Int)] = [
        (Array("sk-".utf8), 16), (Array("AKIA".utf8), 16), (Array("ghp_".utf8), 20), (Array("gho_".utf8), 20),
        (Array("github_pat_".utf8), 20), (Array("xoxb-".utf8), 10), (Array("xoxp-".utf8), 10), (Array("AIza".utf8), 30),
    ]
    private static let bearer = Array("bearer ".utf8)

    /// The token after `Bearer ` (any case), or a whole key with a known prefix, from `start`.
    static func secret(_ bytes: [UInt8], _ start: Int) -> Range<Int>? {
        guard start == 0 || !isTokenByte(bytes[start - 1]) else { return nil }
        if start + bearer.count < bytes.count,
           zip(bytes[start..<(start + bearer.count)], bearer).allSatisfy({ ($0 | 0x20) == $1 }) {
            let tokenStart = start + bearer.count
            var end = tokenStart
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            if end - tokenStart >= 8 { return tokenStart..<end }
        }
        for (prefix, minimumLength) in keyPrefixes where bytes.count - start > prefix.count
            && bytes[start..<(start + prefix.count)].elementsEqual(prefix) {
            var end = start + prefix.count
            while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
            if end - start - prefix.count >= minimumLength { return start..<end }
        }
        return nil
    }
}
