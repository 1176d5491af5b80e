import Foundation

/// The `sightline` executable SwiftPM built beside the test bundle, for tests that run the
/// tool as a child process.
public enum SightlineExecutable {
    /// The executable's location; throws ``NotFound`` when the tests were built without it.
    public static var url: URL {
        get throws {
            let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("sightline")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { throw NotFound(path: candidate.path) }
            return candidate
        }
    }

    /// No `sightline` executable beside the test bundle.
    public struct NotFound: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "no sightline executable at \(path): build it with the tests" }
    }
}
