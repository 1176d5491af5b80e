/// A failure of the ClickHouse store that is not the server being unreachable (that is
/// ``TraceStoreUnavailable``, which the collector answers with 503 and `Retry-After`).
public enum ClickHouseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--store` or `SIGHTLINE_STORE` is not a ClickHouse address the store can use.
    case invalidAddress(String, reason: String)
    /// The server refused a query: its status and ClickHouse's own message.
    case server(status: Int, message: String)
    /// The server answered with rows the store cannot read.
    case malformedReply(String)
    /// The tables were made by a newer version of Sightline than this one.
    case newerSchema(found: Int, known: Int)
    /// A store opened read-only found no Sightline tables in the database.
    case noSchema(database: String)

    /// The failure, in a sentence.
    public var description: String {
        switch self {
        case .invalidAddress(let address, let reason): return "invalid ClickHouse address '\(address)': \(reason)"
        case .server(let status, let message): return "ClickHouse answered \(status): \(message)"
        case .malformedReply(let reason): return "ClickHouse's reply could not be read: \(reason)"
        case .noSchema(let database):
            return "the ClickHouse database '\(database)' holds no Sightline tables (start sightline serve with this --store first)"
        case .newerSchema(let found, let known):
            return "the ClickHouse tables are at schema version \(found); this sightline knows versions up to \(known): upgrade sightline"
        }
    }
}
