import Sightline
import SightlineCollector
import Testing

struct QueryMetadataConditionTests {
    @Test(arguments: [
        ("variant=B", MetadataCondition(key: "variant", .equal, "B")),
        ("variant==B", MetadataCondition(key: "variant", .equal, "B")),
        (" region = us-west ", MetadataCondition(key: "region", .equal, "us-west")),
        ("note=a=b", MetadataCondition(key: "note", .equal, "a=b")),
        ("build=42", MetadataCondition(key: "build", .equal, 42)),
        ("flag=true", MetadataCondition(key: "flag", .equal, true)),
        ("score>0.8", MetadataCondition(key: "score", .greater, 0.8)),
        ("score>=1", MetadataCondition(key: "score", .greaterOrEqual, 1.0)),
        ("score<-2.5", MetadataCondition(key: "score", .less, -2.5)),
        ("score<=.5", MetadataCondition(key: "score", .lessOrEqual, 0.5)),
    ])
    func parses(text: String, expected: MetadataCondition) throws {
        #expect(try MetadataCondition(parsing: text) == expected)
    }

    @Test(arguments: [
        ("variant", "expected key=value"),
        ("=B", "the key is empty"),
        ("score>high", "> needs a number"),
        ("score<", "< needs a number"),
    ])
    func refuses(text: String, reason: String) {
        #expect {
            try MetadataCondition(parsing: text)
        } throws: { error in
            (error as? MetadataConditionError)?.reason.contains(reason) == true
        }
    }

    @Test func describesItselfAsItIsWritten() throws {
        #expect(try MetadataCondition(parsing: "score>=0.80").description == "score>=0.8")
        #expect(try MetadataCondition(parsing: "variant=B").description == "variant=B")
    }
}
