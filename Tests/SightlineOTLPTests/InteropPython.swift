import Foundation
import SightlineTesting
import Testing

/// Runs Interop/otlp_dump.py with the interpreter of `SIGHTLINE_INTEROP_PYTHON` (the venv
/// that Scripts/test.sh creates, with opentelemetry-proto installed).
///
/// Without that variable the interop tests are skipped on a developer machine, and fail
/// under CI (`CI` set), so a broken setup never passes silently.
enum InteropPython {
    static let skipReason: Comment = "SIGHTLINE_INTEROP_PYTHON is not set; Scripts/test.sh creates .venv-interop and sets it"

    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Interop/otlp_dump.py")

    enum Mode: String {
        case protobuf, json
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        let status: Int32
        let stderr: String
        var description: String { "otlp_dump.py exited with \(status): \(stderr)" }
    }

    /// Decodes `bytes` with the reference Python classes and returns every field.
    static func decode(_ bytes: [UInt8], as mode: Mode) async throws -> WireRequest {
        let python = try #require(InteropEnvironment.python, "SIGHTLINE_INTEROP_PYTHON is not set: run the tests through Scripts/test.sh, which creates .venv-interop with opentelemetry-proto")
        let printed = try await offConcurrencyPool { try runScript(python, bytes, mode) }
        return try JSONDecoder().decode(WireRequest.self, from: printed)
    }

    private static func runScript(_ python: String, _ bytes: [UInt8], _ mode: Mode) throws -> Data {
        let directory = FileManager.default.temporaryDirectory
        let input = directory.appendingPathComponent("sightline-otlp-\(UUID().uuidString).\(mode.rawValue)")
        let errors = directory.appendingPathComponent("sightline-otlp-\(UUID().uuidString).stderr")
        defer {
            try? FileManager.default.removeItem(at: input)
            try? FileManager.default.removeItem(at: errors)
        }
        try Data(bytes).write(to: input)
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errors.path])
        }
        let errorHandle = try FileHandle(forWritingTo: errors)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, mode.rawValue, input.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        // Read before waiting: a large dump does not fit the pipe's buffer.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(status: process.terminationStatus,
                               stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
        }
        return printed
    }
}
