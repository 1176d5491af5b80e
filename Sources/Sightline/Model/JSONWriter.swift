/// The one JSON writer of the package: UTF-8 bytes, structural characters, escaped strings,
/// numbers and whole ``JSONValue`` trees.
///
/// Every JSON text Sightline writes goes through it: ``JSONValue/jsonString``, the collector's
/// stored values and replies, and the OTLP/JSON encoder (which adds the mapping's own forms
/// of ids, bytes and 64-bit integers in an extension). The README's "Codecs" section says
/// which reader and writer each format has, and why.
package struct JSONWriter {
    /// How a ``JSONValue`` tree is written.
    package struct Style: Sendable {
        /// Object members in key order, so equal values give equal text; otherwise in the
        /// dictionary's order, which costs no sort.
        package var sortsKeys: Bool
        /// A whole double below 10^15 written as an integer (`1`, not `1.0`): for text people
        /// read. Off where the text is read back and a double must stay a double.
        package var writesWholeDoublesAsIntegers: Bool
        /// Every member and element on a line of its own, indented by two spaces a level
        /// (`"key": value`); an empty array or object stays `[]` or `{}`.
        package var indents = false

        /// For ``JSONValue/jsonString`` and the collector's replies: compact, sorted keys,
        /// whole doubles as integers.
        package static let canonical = Style(sortsKeys: true, writesWholeDoublesAsIntegers: true)
        /// ``canonical``, indented: for people reading it in a terminal.
        package static let pretty = Style(sortsKeys: true, writesWholeDoublesAsIntegers: true, indents: true)
        /// For text that is stored and parsed again: dictionary order, every double with its fraction.
        package static let stored = Style(sortsKeys: false, writesWholeDoublesAsIntegers: false)
    }

    /// The text written so far.
    package private(set) var bytes: [UInt8]

    /// An empty writer whose buffer has room for `capacity` bytes.
    package init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer that writes into `buffer`'s storage from its start, so a caller that writes
    /// many values reuses one allocation: take ``bytes`` back when done.
    package init(reusing buffer: [UInt8]) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    /// The text written so far, as a string.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Pieces

    /// Text written as it is: punctuation and names that need no escaping.
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A JSON string: `"` and `\` escaped, `\b \f \n \r \t` in their short forms, the other
    /// control characters (NUL included) as `\u00XX`; everything else, emoji too, as UTF-8.
    /// Runs that need no escaping are copied whole.
    package mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    raw("u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A bare decimal integer.
    package mutating func number(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A double as the shortest decimal that reads back the same (`null` for NaN and the
    /// infinities, which JSON cannot express); with `wholeAsInteger`, a whole double below
    /// 10^15 without its fraction.
    package mutating func number(_ value: Double, wholeAsInteger: Bool = false) {
        guard value.isFinite else { return raw("null") }
        if wholeAsInteger, value == value.rounded(), abs(value) < 1e15 {
            number(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// `true` or `false`.
    package mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    /// The 16 lowercase hex digits of `value`, most significant first, without quotes.
    package mutating func hexDigits(of value: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
        }
    }

    package static let hexDigits = Array("0123456789abcdef".utf8)

    // MARK: Values

    /// A whole ``JSONValue`` tree, in `style`. Containers are written with an explicit stack
    /// instead of recursion, so that metadata nested thousands of levels deep cannot overflow
    /// the stack of the thread writing it.
    package mutating func value(_ value: JSONValue, style: Style) {
        enum Step {
            case value(JSONValue, depth: Int)
            case key(String)
            case byte(UInt8)
            /// A line break and the indentation of `depth` levels, when the style indents.
            case line(depth: Int)
        }
        var steps: [Step] = [.value(value, depth: 0)]
        while let step = steps.popLast() {
            switch step {
            case .byte(let byte): bytes.append(byte)
            case .line(let depth):
                guard style.indents else { continue }
                bytes.append(0x0A)
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
            case .key(let key):
                string(key)
                bytes.append(UInt8(ascii: ":"))
                if style.indents { bytes.append(UInt8(ascii: " ")) }
            case .value(.null, _): raw("null")
            case .value(.bool(let flag), _): bool(flag)
            case .value(.int(let integer), _): number(integer)
            case .value(.double(let double), _): number(double, wholeAsInteger: style.writesWholeDoublesAsIntegers)
            case .value(.string(let text), _): string(text)
            case .value(.array(let elements), let depth):
                bytes.append(UInt8(ascii: "["))
                steps.append(.byte(UInt8(ascii: "]")))
                if !elements.isEmpty { steps.append(.line(depth: depth)) }
                for (index, element) in elements.enumerated().reversed() {
                    steps.append(.value(element, depth: depth + 1))
                    steps.append(.line(depth: depth + 1))
                    if index > 0 { steps.append(.byte(UInt8(ascii: ","))) }
                }
            case .value(.object(let members), let depth):
                bytes.append(UInt8(ascii: "{"))
                steps.append(.byte(UInt8(ascii: "}")))
                if !members.isEmpty { steps.append(.line(depth: depth)) }
                let keys = style.sortsKeys ? members.keys.sorted() : Array(members.keys)
                for (index, key) in keys.enumerated().reversed() {
                    steps.append(.value(members[key]!, depth: depth + 1))
                    steps.append(.key(key))
                    steps.append(.line(depth: depth + 1))
                    if index > 0 { steps.append(.byte(UInt8(ascii: ","))) }
                }
            }
        }
    }
}
