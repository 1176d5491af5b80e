import Foundation

/// Runs a program to its end, or kills it after `timeout`; returns its exit status and what it
/// printed (standard output and error together).
func runProcess(_ executable: String, _ arguments: [String], timeout: Duration) async throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let watchdog = Task {
        try await Task.sleep(for: timeout)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    defer { watchdog.cancel() }
    // Read and wait off the concurrency pool: both block their thread.
    let printed = await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            continuation.resume(returning: data)
        }
    }
    return (process.terminationStatus, String(decoding: printed, as: UTF8.self))
}
