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
    /// A filter had more metadata conditions than a query takes (``TraceFilter/maximumMetadataConditions``).
    case tooManyConditions(Int, limit: Int)

    public var description: String {
        switch self {
        case .databaseMissing(let path): return "no collector database at \(path)"
        case .unknownSchema(let path): return "\(path) is not a collector database this version can read"
        case .emptyIdentifier(let what): return "\(what) must not be empty"
        case .controlCharacter(let problem): return problem
        case .tooManyConditions(let count, let limit): return "\(count) metadata conditions given; a query takes at most \(limit)"
        }
    }
}
