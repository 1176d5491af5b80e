import Foundation

/// Where a ClickHouse store lives: the server's HTTP interface, the credentials and the
/// database, read from `clickhouse://user:password@host:8123/database` (`clickhouses://` for
/// HTTPS) or `http(s)://user:password@host:8123/database`.
public struct ClickHouseAddress: Sendable, Hashable, CustomStringConvertible {
    /// `http://host:port` or `https://host:port`, without credentials or path.
    public var endpoint: String
    /// The user, sent as `X-ClickHouse-User`; nil for the server's default user.
    public var user: String?
    /// The password, sent as `X-ClickHouse-Key`; nil for none.
    public var password: String?
    /// The database the tables are in; created on first start.
    public var database: String

    /// An address from its parts.
    /// - Parameters:
    ///   - endpoint: `http://host:port` or `https://host:port`.
    ///   - user: the user; nil for the default.
    ///   - password: the password; nil for none.
    ///   - database: the database the tables are in.
    public init(endpoint: String, user: String? = nil, password: String? = nil, database: String = "sightline") {
        self.endpoint = endpoint
        self.user = user
        self.password = password
        self.database = database
    }

    /// Reads an address; the database defaults to `sightline`, the port to 8123 (8443 for HTTPS).
    /// - Parameter text: `clickhouse://user:password@host:8123/database` or an `http(s)` URL.
    /// - Throws: ``ClickHouseError/invalidAddress(_:reason:)`` when `text` is not such an address.
    public init(parsing text: String) throws(ClickHouseError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw .invalidAddress(text, reason: "expected clickhouse://user:password@host:8123/database")
        }
        let secure: Bool
        switch scheme {
        case "clickhouse", "http": secure = false
        case "clickhouses", "https": secure = true
        default: throw .invalidAddress(text, reason: "the scheme must be clickhouse, clickhouses, http or https")
        }
        let port = components.port ?? (secure ? 8443 : 8123)
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        endpoint = "\(secure ? "https" : "http")://\(hostPart):\(port)"
        user = components.user?.removingPercentEncoding ?? components.user
        password = components.password?.removingPercentEncoding ?? components.password
        let path = components.path.split(separator: "/").map(String.init)
        guard path.count <= 1 else { throw .invalidAddress(text, reason: "the path is one database name") }
        database = path.first ?? "sightline"
        guard Self.isIdentifier(database) else {
            throw .invalidAddress(text, reason: "the database name may hold letters, digits and underscores only")
        }
    }

    /// Whether `name` is a plain identifier, written into DDL unquoted.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// The address without the password.
    public var description: String {
        "\(endpoint)/\(database)" + (user.map { " as \($0)" } ?? "")
    }
}
