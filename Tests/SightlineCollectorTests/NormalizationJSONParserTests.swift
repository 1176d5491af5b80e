import Sightline
import SightlineCollector
import SightlineTesting
import Testing

struct NormalizationJSONParserTests {
    private func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse("""
            {"text": "a\\"b\\\\c\\n\\u00e9\\ud83d\\ude80", "int": -12345678901234567, "double": 0.25, "exp": 1e3,
             "yes": true, "no": false, "nothing": null, "list": [1, "two", [3]], "empty": {}, "none": []}
            """)
        #expect(value == [
            "text": "a\"b\\c\né🚀", "int": .int(-12_345_678_901_234_567), "double": 0.25, "exp": .double(1000),
            "yes": true, "no": false, "nothing": nil, "list": [1, "two", [3]], "empty": .object([:]), "none": [],
        ])
    }

    @Test func integersTooLargeForInt64BecomeDoubles() throws {
        #expect(try parse("18446744073709551616") == .double(18_446_744_073_709_551_616))
        #expect(try parse("9223372036854775807") == .int(.max))
    }

    @Test func loneSurrogatesAndInvalidUTF8AreReplaced() throws {
        #expect(try parse(#""\ud800x""#) == "\u{FFFD}x")
        #expect(try JSONValue(parsing: [0x22, 0xFF, 0x41, 0x22]) == "\u{FFFD}A")
    }

    @Test(arguments: [
        ("", "empty document"),
        ("{", "expected a string key"),
        ("[1,]", "unexpected character ']'"),
        ("{\"a\" 1}", "expected ':'"),
        ("01", "unexpected text after the value"),
        ("1.", "expected a digit after '.'"),
        ("-", "expected a digit"),
        ("1e999", "out of range"),
        ("\"a\u{1}\"", "control character"),
        ("\"\\x\"", "invalid escape"),
        ("\"\\u12G4\"", "invalid hex digit 'G'"),
        ("\"\\u12\"", "truncated \\u escape"),
        ("tru", "invalid literal"),
        ("[1] [2]", "unexpected text after the value"),
    ])
    func malformedTextIsAnErrorWithAReason(text: String, reason: String) {
        #expect {
            try parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try parse(deep) }
        let allowed = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect((try? parse(allowed)) != nil)
    }

    /// Random JSON values read back as themselves, and every proper prefix of an array, object
    /// or string is an error (a closing character is missing), never a value.
    @Test func randomValuesReadBackAndTheirPrefixesAreErrors() throws {
        let seed = TestSeed()
        var random = RandomJSON(generator: SeededGenerator(seed: seed.value))
        for _ in 0..<3_000 {
            let value = random.value()
            let text = Array(value.jsonString.utf8)
            #expect(try JSONValue(parsing: text) == value, "\(seed): \(value.jsonString)")
            guard [UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\"")].contains(text[0]) else { continue }
            let prefix = text.prefix(Int.random(in: 0..<text.count, using: &random.generator))
            #expect(throws: JSONParseError.self, "\(seed): \(String(decoding: prefix, as: UTF8.self))") {
                try JSONValue(parsing: prefix)
            }
        }
    }

    /// Random bytes, and random strings of JSON's own characters: an error that says where,
    /// or (rarely, for text that is JSON) a value that writes and reads back to the same text.
    @Test func randomBytesAreAnErrorOrAConsistentValue() {
        let seed = TestSeed()
        var generator = SeededGenerator(seed: seed.value)
        let alphabet = Array("{}[]\",:0123456789-+.eEtrufalsn\\u \n".utf8)
        for round in 0..<5_000 {
            let count = Int.random(in: 0..<200, using: &generator)
            let bytes: [UInt8] = (0..<count).map { _ in
                round.isMultiple(of: 2) ? UInt8.random(in: 0...255, using: &generator)
                    : alphabet.randomElement(using: &generator)!
            }
            do {
                let value = try JSONValue(parsing: bytes)
                let written = value.jsonString
                #expect((try? JSONValue(parsing: written.utf8))?.jsonString == written, "\(seed): \(bytes)")
            } catch {
                #expect((0...count).contains(error.offset) && !error.reason.isEmpty, "\(seed): \(bytes): \(error)")
            }
        }
    }

    @Test func writtenJSONReadsBackEqual() throws {
        let value: JSONValue = ["score": 0.85, "reviewer": "alice", "edits": 2, "nested": ["a": [true, nil]],
                                "text": "quote \" backslash \\ tab \t nul \u{0}"]
        #expect(try parse(value.jsonString) == value)
    }
}
