import Foundation
import Synchronization

/// What a child process prints on both outputs, collected as it comes, while it runs.
public final class ProcessOutput: Sendable {
    private let data = Mutex(Data())

    /// Takes over `process`'s standard output and error; call it before the process runs.
    public init(capturing process: Process) {
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil } else { data.withLock { $0.append(chunk) } }
        }
    }

    /// Everything printed so far.
    public var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
