import Foundation
import SightlineCollector
import Testing
@testable import sightline

@Suite("--json output")
struct JSONOutputTests {
    @Test("an empty result is []")
    func emptyResult() throws {
        #expect(try OutputOptions.jsonText([TraceSummary]()) == "[]")
        #expect(try OutputOptions.jsonText([String: String]()) == "{}")
    }

    @Test("empty members are [] and {} and the JSON reads back the same")
    func emptyMembers() throws {
        let value: [String: [String: [String]]] = ["trace": ["labels": [], "names": ["a b", "[\n]"]], "other": [:]]
        let text = try OutputOptions.jsonText(value)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.allSatisfy(\.isWhitespace) }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("[]") || $0.hasSuffix("[],") }, "\(text)")
        #expect(lines.contains { $0.hasSuffix("{}") || $0.hasSuffix("{},") }, "\(text)")
        #expect(try JSONDecoder().decode(type(of: value), from: Data(text.utf8)) == value)
    }
}
