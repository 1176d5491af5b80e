import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Queries over ClickHouse's HTTP interface, one request each, through AsyncHTTPClient's
/// shared client. Blocking: the store's callers run on threads of their own (see ``TraceStoring``).
///
/// Query values travel as query parameters (`{name:Type}` in the SQL, `param_name=` in the
/// URL), never spliced into the SQL. Every request is idempotent: reads, DDL with `IF NOT
/// EXISTS`, and inserts that carry an `insert_deduplication_token` (a repeated block with the
/// same token is stored once), so a request whose connection failed is sent again, a few
/// times, before the store reports itself unavailable.
package struct ClickHouseConnection: Sendable {
    let address: ClickHouseAddress
    /// How long a write (an insert, DDL) may take, connecting included. AsyncHTTPClient keeps
    /// trying to connect to a server that refuses until a request's deadline: this bounds how
    /// long a sender waits before the collector answers 503 while ClickHouse is away.
    var writeTimeout: TimeAmount = .seconds(10)
    /// How long a query may take.
    var readTimeout: TimeAmount = .seconds(300)
    /// Delays before the second and later attempts of a request that could not reach the server.
    var retryDelays: [Duration] = [.milliseconds(50), .milliseconds(250)]

    /// ClickHouse error codes that say "not now" rather than "never": too many parts or
    /// queries, timeouts, memory, a replica or keeper away. The store reports them as unavailable.
    private static let transientCodes: Set<Int> = [159, 164, 202, 209, 210, 241, 242, 252, 319, 425, 999, 1000]

    /// Runs `sql` and returns the reply's body.
    ///
    /// - Parameters:
    ///   - parameters: values for the `{name:Type}` placeholders of `sql`.
    ///   - settings: ClickHouse settings for this query (`insert_deduplication_token`, ...).
    ///   - data: rows for an `INSERT ... FORMAT` query; the SQL then goes in the URL.
    ///   - isPartOfWrite: a read an insert waits for, bounded by ``writeTimeout`` like the insert
    ///     (the client waits for a server that is down until the deadline, rather than failing).
    /// - Throws: ``TraceStoreUnavailable`` when the server cannot be reached or is overloaded;
    ///   ``ClickHouseError/server(status:message:)`` when it refused the query.
    @discardableResult
    package func execute(_ sql: String, parameters: [String: String] = [:], settings: [String: String] = [:],
                 data: [UInt8]? = nil, isPartOfWrite: Bool = false) throws -> [UInt8] {
        let isRead = !isPartOfWrite && data == nil && sql.drop(while: \.isWhitespace).prefix(6).uppercased() == "SELECT"
        var query = URLComponents()
        var items = [URLQueryItem(name: "database", value: address.database)]
        if data != nil { items.append(URLQueryItem(name: "query", value: sql)) }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) { items.append(URLQueryItem(name: name, value: value)) }
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            items.append(URLQueryItem(name: "param_" + name, value: value))
        }
        query.queryItems = items
        // `+` is a space to ClickHouse's URL parser: encoded, as are `&` and `=` inside values.
        let encodedQuery = (query.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var headers = HTTPHeaders()
        if let user = address.user { headers.add(name: "X-ClickHouse-User", value: user) }
        if let password = address.password { headers.add(name: "X-ClickHouse-Key", value: password) }
        let body: [UInt8] = data ?? Array(sql.utf8)
        let request = try HTTPClient.Request(url: "\(address.endpoint)/?\(encodedQuery)", method: .POST, headers: headers,
                                             body: .bytes(body))
        var attempt = 0
        while true {
            do {
                let deadline = NIODeadline.now() + (isRead ? readTimeout : writeTimeout)
                let response = try HTTPClient.shared.execute(request: request, deadline: deadline).wait()
                let reply = response.body.map { Array($0.readableBytesView) } ?? []
                guard response.status == .ok else {
                    let message = String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    let code = response.headers.first(name: "X-ClickHouse-Exception-Code").flatMap { Int($0) }
                    if response.status == .serviceUnavailable || code.map(Self.transientCodes.contains) == true {
                        throw TraceStoreUnavailable("ClickHouse answered \(response.status.code): \(message)")
                    }
                    throw ClickHouseError.server(status: Int(response.status.code), message: message)
                }
                return reply
            } catch let error as ClickHouseError {
                throw error
            } catch {
                // The request may not have reached the server, or its reply was lost: send it again.
                guard attempt < retryDelays.count else {
                    throw (error as? TraceStoreUnavailable) ?? TraceStoreUnavailable("\(address): \(error)")
                }
                Thread.sleep(forTimeInterval: Self.seconds(retryDelays[attempt]))
                attempt += 1
            }
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
