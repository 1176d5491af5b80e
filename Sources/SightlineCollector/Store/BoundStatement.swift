import Foundation
import GRDB
import GRDBSQLite

/// Binds, steps and reads a cached GRDB statement through SQLite's C API.
///
/// The ingest path runs several statements per span. GRDB's general argument handling (an
/// array of `DatabaseValue`s mapped through key paths, then bound one by one) cost more than
/// SQLite's own work there, so these statements bind their values directly. GRDB still
/// prepares, caches and finalizes the statements. Strings are bound from their UTF-8 bytes, kept
/// in ``ParameterBytes`` until the statement has run; NUL bytes inside them are kept.
struct BoundStatement {
    private let handle: OpaquePointer
    private let sql: String
    private let parameters = ParameterBytes()

    /// The cached statement for `sql`, reset and with every parameter NULL.
    init(_ db: Database, _ sql: String) throws {
        let statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        self.sql = sql
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding (parameters count from 1)

    func bind(_ index: Int32, _ value: String?) {
        guard var value else { return bindNull(index) }
        value.withUTF8 { bytes in bind(index, utf8: UnsafeRawBufferPointer(bytes)) }
    }

    /// NULL (statements are reused within a transaction, so a parameter may hold an earlier value).
    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    /// A BLOB given as bytes; an empty buffer is an empty BLOB, not NULL.
    func bind(_ index: Int32, blob bytes: UnsafeRawBufferPointer) {
        guard bytes.baseAddress != nil else { return _ = sqlite3_bind_zeroblob(handle, index, 0) }
        // A nil destructor is SQLITE_STATIC: SQLite reads the bytes where they are, until the reset.
        sqlite3_bind_blob(handle, index, parameters.copy(bytes), Int32(bytes.count), nil)
    }

    /// Text given as UTF-8 bytes (stored JSON text, ``JSONValue/storedJSON``).
    func bind(_ index: Int32, utf8 bytes: UnsafeRawBufferPointer) {
        let text = parameters.copy(bytes).assumingMemoryBound(to: CChar.self)
        sqlite3_bind_text(handle, index, text, Int32(bytes.count), nil)  // SQLITE_STATIC, as above
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Int?) {
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Double?) {
        if let value, value.isFinite { sqlite3_bind_double(handle, index, value) } else { bindNull(index) }
    }

    func bind(_ index: Int32, _ value: Bool) {
        sqlite3_bind_int64(handle, index, value ? 1 : 0)
    }

    func bind(_ index: Int32, _ value: DatabaseValue) {
        switch value.storage {
        case .null: bindNull(index)
        case .int64(let number): sqlite3_bind_int64(handle, index, number)
        case .double(let number): sqlite3_bind_double(handle, index, number)
        case .string(let text): bind(index, text)
        case .blob(let data): data.withUnsafeBytes { bind(index, blob: $0) }
        }
    }

    // MARK: Running

    /// Runs the statement to completion; returns the number of rows it changed.
    @discardableResult
    func execute() throws -> Int {
        defer { release() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
        return Int(sqlite3_changes(sqlite3_db_handle(handle)))
    }

    /// Steps to the next row; false when there is none. Call ``finish()`` when done reading.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        release()
        guard code == SQLITE_DONE else { throw error(code) }
        return false
    }

    /// Releases the statement after reading (ends its read of the database).
    func finish() {
        release()
    }

    /// Resets the statement and unbinds its parameters, whose bytes are then reused.
    private func release() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        parameters.reset()
    }

    // MARK: Reading the current row (columns count from 0)

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : sqlite3_column_int64(handle, column)
    }

    func optionalDouble(_ column: Int32) -> Double? {
        isNull(column) ? nil : sqlite3_column_double(handle, column)
    }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(sqlite3_db_handle(handle))),
                             message: message ?? "SQLite error \(code)", sql: sql)
    }
}
