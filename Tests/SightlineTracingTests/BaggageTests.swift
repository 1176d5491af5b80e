import SightlineTracing
import Testing

/// The W3C `baggage` header.
@Suite struct BaggageTests {
    @Test func membersPropertiesAndEscapesAreRead() {
        let (baggage, rejected) = W3CBaggage.parse("userId=alice, session = s%201 ;ttl=60;secure ,region=eu%2Cwest")
        #expect(rejected == 0)
        #expect(baggage.entries.map(\.key) == ["userId", "session", "region"])
        #expect(baggage["userId"] == "alice")
        #expect(baggage["session"] == "s 1")
        #expect(baggage.entries[1].properties == "ttl=60;secure")
        #expect(baggage["region"] == "eu,west")
        #expect(baggage["missing"] == nil)
    }

    @Test func writingThenReadingGivesTheSameEntries() throws {
        var baggage = W3CBaggage()
        try baggage.setValue("a b,c;d=e%f\"g\\h é", forKey: "note")
        try baggage.setValue("42", forKey: "tenant", properties: "ttl=60")
        try baggage.setValue("gone", forKey: "removed")
        try baggage.setValue(nil, forKey: "removed")
        let header = baggage.headerValue
        #expect(!header.contains(" "))
        let (parsed, rejected) = W3CBaggage.parse(header)
        #expect(rejected == 0)
        #expect(parsed == baggage)
        #expect(parsed["note"] == "a b,c;d=e%f\"g\\h é")
        #expect(parsed["removed"] == nil)
    }

    @Test func anInvalidKeyIsAClearError() {
        var baggage = W3CBaggage()
        #expect(throws: W3CBaggage.InvalidKeyError.self) { try baggage.setValue("x", forKey: "has space") }
        #expect(throws: W3CBaggage.InvalidKeyError.self) { try baggage.setValue("x", forKey: "") }
        #expect(baggage.isEmpty)
    }

    @Test func aRepeatedKeyKeepsItsLastValue() {
        let (baggage, _) = W3CBaggage.parse("k=1,other=x,k=2")
        #expect(baggage.entries.map(\.key) == ["other", "k"])
        #expect(baggage["k"] == "2")
    }

    static let malformedMembers: [String] = [
        "novalue", "=value", "key with space=1", "key=va lue", "key=\"quoted\"", "key=back\\slash",
        "key=%", "key=%4", "key=%zz", "key=%ff", "key=é", "k\u{0}=1", "key=1;bad property=2", "key=1;=x",
        "key=1;p=%zz", "🙂=1",
    ]

    @Test(arguments: malformedMembers)
    func aMalformedMemberIsSkippedAndCounted(_ member: String) {
        let (baggage, rejected) = W3CBaggage.parse("good=1,\(member),also=2")
        #expect(rejected == 1)
        #expect(baggage["good"] == "1" && baggage["also"] == "2")
    }

    @Test func emptyMembersAreNotErrors() {
        let (baggage, rejected) = W3CBaggage.parse(" , ,k=v,, ")
        #expect(rejected == 0)
        #expect(baggage["k"] == "v")
        #expect(W3CBaggage.parse("").baggage.isEmpty)
    }

    @Test func limitsAreEnforcedAndCounted() {
        let many = (0..<70).map { "k\($0)=v" }.joined(separator: ",")
        let (limited, rejected) = W3CBaggage.parse(many)
        #expect(limited.entries.count == W3CBaggage.maxEntries)
        #expect(rejected == 70 - W3CBaggage.maxEntries)

        let tooLong = "k=" + String(repeating: "v", count: W3CBaggage.maxHeaderLength)
        let (ignored, rejectedWhole) = W3CBaggage.parse(tooLong)
        #expect(ignored.isEmpty && rejectedWhole == 1)
    }

    @Test func anOversizedBaggageIsWrittenWithinTheLimit() throws {
        var baggage = W3CBaggage()
        for index in 0..<10 {
            try baggage.setValue(String(repeating: "x", count: 1000), forKey: "k\(index)")
        }
        let header = baggage.headerValue
        #expect(header.utf8.count <= W3CBaggage.maxHeaderLength)
        #expect(W3CBaggage.parse(header).baggage.entries.count == 8)
    }
}
