import Sightline
import SightlineTesting

/// Random JSON values for the parser's randomised tests: every kind of value, strings with
/// quotes, escapes, control characters and characters beyond ASCII, nested a few levels.
struct RandomJSON {
    var generator: SeededGenerator

    mutating func value(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .int(Int64.random(in: .min ... .max, using: &generator) >> Int64.random(in: 0..<63, using: &generator))
        case 3: return .double(double())
        case 4, 5: return .string(string())
        case 6: return .array((0..<Int.random(in: 0..<5, using: &generator)).map { _ in value(depth: depth + 1) })
        default:
            return .object(Dictionary((0..<Int.random(in: 0..<5, using: &generator)).map { _ in (string(), value(depth: depth + 1)) },
                                      uniquingKeysWith: { first, _ in first }))
        }
    }

    /// A finite double the writer writes as a double: integral values below 10^15 are written
    /// as integers (and read back as `.int`), so they are left out.
    mutating func double() -> Double {
        while true {
            let number = Double(bitPattern: UInt64.random(in: .min ... .max, using: &generator))
            if number.isFinite, !(number == number.rounded() && abs(number) < 1e15) { return number }
        }
    }

    mutating func string() -> String {
        let pieces: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€", "🚀", "{", "]"]
        return String((0..<Int.random(in: 0..<12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! })
    }
}
