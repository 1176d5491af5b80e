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

    /// `sightline arguments`, not started, with the tests' environment less `SIGHTLINE_API_KEY`:
    /// a key set in the shell would otherwise lock the tests out of the collector they start.
    public static func process(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SIGHTLINE_API_KEY"] = nil
        process.environment = environment
        return process
    }

    /// No `sightline` executable beside the test bundle.
    public struct NotFound: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "no sightline executable at \(path): build it with the tests" }
    }
}
