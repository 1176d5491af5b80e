/// The W3C `baggage` header: key-value pairs that a request carries from service to service.
///
/// Values are percent-decoded when parsed and percent-encoded when written. Parsing never
/// traps: members that break the grammar are skipped and counted.
public struct W3CBaggage: Sendable, Hashable {
    /// The header's name.
    public static let header = "baggage"
    /// Members kept at most; later ones are skipped and counted as rejected.
    public static let maxEntries = 64
    /// A longer header is ignored whole.
    public static let maxHeaderLength = 8192

    /// One member: a key, its value, and its properties as written (`;`-separated, may be empty).
    public struct Entry: Sendable, Hashable {
        /// An HTTP token.
        public var key: String
        /// The value, decoded.
        public var value: String
        /// Metadata as written after the value, such as `ttl=60;secure`; may be empty.
        public var properties: String

        /// Makes a member.
        /// - Parameters:
        ///   - key: an HTTP token.
        ///   - value: the value, not yet encoded.
        ///   - properties: metadata as written after the value; may be empty.
        public init(key: String, value: String, properties: String = "") {
            self.key = key
            self.value = value
            self.properties = properties
        }
    }

    /// A key that is not an HTTP token (letters, digits and the symbols RFC 9110 allows in a `token`).
    public struct InvalidKeyError: Error, CustomStringConvertible {
        /// The key that was refused.
        public let key: String
        /// The key and why it was refused, in a sentence.
        public var description: String { "'\(key)' is not a valid baggage key (an HTTP token)" }
    }

    /// The members in order; keys are unique.
    public private(set) var entries: [Entry] = []

    /// An empty baggage.
    public init() {}

    /// True when there are no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The value stored under `key`.
    /// - Parameter key: the member's key.
    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    /// Stores `value` under `key` (replacing an earlier value), or removes the key when `value` is nil.
    ///
    /// ```swift
    /// var baggage = W3CBaggage()
    /// try baggage.setValue("ana", forKey: "user")
    /// ```
    /// - Parameters:
    ///   - value: the value, not yet encoded; nil removes the key.
    ///   - key: an HTTP token.
    ///   - properties: metadata written after the value, such as `ttl=60`; may be empty.
    /// - Throws: ``InvalidKeyError`` when `key` is not an HTTP token.
    public mutating func setValue(_ value: String?, forKey key: String, properties: String = "") throws(InvalidKeyError) {
        guard Self.isToken(key.utf8[...]) else { throw InvalidKeyError(key: key) }
        entries.removeAll { $0.key == key }
        if let value { entries.append(Entry(key: key, value: value, properties: properties)) }
    }

    /// Parses a `baggage` header.
    /// - Parameter header: the header's value.
    /// - Returns: the valid members (a repeated key keeps its last value) and how many members
    ///   were skipped: malformed ones and those beyond ``maxEntries``. A header longer than
    ///   ``maxHeaderLength`` is rejected whole (counted as one).
    public static func parse(_ header: String) -> (baggage: W3CBaggage, rejected: Int) {
        var baggage = W3CBaggage()
        guard header.utf8.count <= maxHeaderLength else { return (baggage, 1) }
        var rejected = 0
        for rawMember in Array(header.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let member = rawMember.trimmingOptionalWhitespace()
            if member.isEmpty { continue }
            guard let entry = parseMember(member) else {
                rejected += 1
                continue
            }
            baggage.entries.removeAll { $0.key == entry.key }
            if baggage.entries.count < maxEntries {
                baggage.entries.append(entry)
            } else {
                rejected += 1
            }
        }
        return (baggage, rejected)
    }

    /// The `baggage` header value; entries whose key is not a token are left out, and members
    /// that would take the header past ``maxHeaderLength`` are not written.
    public var headerValue: String {
        var members: [String] = []
        var length = 0
        for entry in entries where Self.isToken(entry.key.utf8[...]) {
            var member = entry.key + "=" + Self.percentEncoded(entry.value)
            if !entry.properties.isEmpty { member += ";" + entry.properties }
            let added = member.utf8.count + (members.isEmpty ? 0 : 1)
            guard length + added <= Self.maxHeaderLength else { continue }
            members.append(member)
            length += added
        }
        return members.joined(separator: ",")
    }

    // MARK: Grammar

    private static func parseMember(_ member: ArraySlice<UInt8>) -> Entry? {
        let pair: ArraySlice<UInt8>
        var properties: ArraySlice<UInt8> = []
        if let semicolon = member.firstIndex(of: UInt8(ascii: ";")) {
            pair = member[..<semicolon]
            properties = member[(semicolon + 1)...].trimmingOptionalWhitespace()
            guard arePropertiesValid(properties) else { return nil }
        } else {
            pair = member
        }
        guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return nil }
        let key = pair[..<equals].trimmingOptionalWhitespace()
        let rawValue = pair[(equals + 1)...].trimmingOptionalWhitespace()
        guard isToken(key), let value = percentDecoded(rawValue) else { return nil }
        return Entry(key: String(decoding: key, as: UTF8.self), value: value,
                     properties: String(decoding: properties, as: UTF8.self))
    }

    /// `key` or `key=value` properties separated by `;`.
    private static func arePropertiesValid(_ properties: ArraySlice<UInt8>) -> Bool {
        for property in properties.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let trimmed = property.trimmingOptionalWhitespace()
            if let equals = trimmed.firstIndex(of: UInt8(ascii: "=")) {
                guard isToken(trimmed[..<equals].trimmingOptionalWhitespace()),
                      percentDecoded(trimmed[(equals + 1)...].trimmingOptionalWhitespace()) != nil else { return false }
            } else if !isToken(trimmed) {
                return false
            }
        }
        return true
    }

    static func isToken(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenCharacter)
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// `baggage-octet`: printable ASCII except space, `"`, `,`, `;` and `\`.
    private static func isValueCharacter(_ byte: UInt8) -> Bool {
        byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
            || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
    }

    /// The value with `%XX` escapes decoded; nil for a character outside the grammar, a broken
    /// escape, or bytes that are not UTF-8.
    private static func percentDecoded(_ raw: ArraySlice<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard isValueCharacter(byte) else { return nil }
            if byte == UInt8(ascii: "%") {
                guard raw.distance(from: index, to: raw.endIndex) >= 3,
                      let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2]) else { return nil }
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func percentEncoded(_ value: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if isValueCharacter(byte) && byte != UInt8(ascii: "%") {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
