import ArgumentParser
import Testing
@testable import sightline

@Suite("sightline argument errors")
struct CommandParsingTests {
    @Test("a malformed --meta is answered with the traces usage and the reason")
    func malformedMetaShowsTracesUsage() {
        // What `sightline traces --meta score` prints: the error the parser throws, in full.
        let error = #expect(throws: (any Error).self) { try SightlineTool.parseAsRoot(["traces", "--meta", "score"]) }
        let message = error.map { SightlineTool.fullMessage(for: $0) } ?? ""
        #expect(message.contains("Usage: sightline traces"), "\(message)")
        #expect(message.contains("expected key=value"), "\(message)")
    }

    @Test("well-formed --meta conditions are read in order")
    func metaConditions() throws {
        let command = try #require(try SightlineTool.parseAsRoot(["traces", "--meta", "plan=pro", "--meta", "score>0.8"]) as? Traces)
        #expect(command.meta.map(\.key) == ["plan", "score"])
    }
}
