/// Why the store could not be opened or used.
public enum TraceStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A read-only store was asked to open a database file that does not exist.
    case databaseMissing(path: String)
    /// The file is a database written by a newer collector, or not a collector database.
    case unknownSchema(path: String)
    /// A trace id or label was empty.
    case emptyIdentifier(String)
    /// An id, label or metadata key held a control character (see ``IdentifierText``); the text says which.
    case controlCharacter(String)
    /// A patch had more labels or metadata keys than ``CollectorLimits`` lets a trace keep.
    case patchTooLarge(labels: Int, keys: Int)
    /// As many patches as ``CollectorLimits/pendingPatchesPerTrace`` wait for a trace that has not arrived.
    case tooManyPendingPatches(traceId: String, limit: Int)
    /// A filter had more metadata and evaluation conditions together than a query takes
    /// (``TraceFilter/maximumMetadataConditions``).
    case tooManyConditions(Int, limit: Int)
    /// A pushed evaluation had no name, or a score that is not a finite number; the text says which.
    case invalidEvaluation(String)
    /// The trace holds ``CollectorLimits/evaluationsPerTrace`` evaluations already.
    case tooManyEvaluations(traceId: String, limit: Int)

    /// What went wrong, in a sentence.
    public var description: String {
        switch self {
        case .databaseMissing(let path): return "no collector database at \(path)"
        case .unknownSchema(let path): return "\(path) is not a collector database this version can read"
        case .emptyIdentifier(let what): return "\(what) must not be empty"
        case .controlCharacter(let problem): return problem
        case .tooManyPendingPatches(let traceId, let limit):
            return "\(limit) patches already wait for trace \(traceId), which has not arrived; send it first"
        case .patchTooLarge(let labels, let keys):
            return "the patch has \(labels) labels and \(keys) metadata keys; a patch sets at most "
                + "\(CollectorLimits.labelsPerTrace) labels and \(CollectorLimits.metadataKeysPerSpan) keys"
        case .tooManyConditions(let count, let limit):
            return "\(count) metadata and evaluation conditions given; a query takes at most \(limit)"
        case .invalidEvaluation(let reason): return "invalid evaluation: \(reason)"
        case .tooManyEvaluations(let traceId, let limit):
            return "trace \(traceId) holds \(limit) evaluations already, as many as a trace keeps"
        }
    }
}
