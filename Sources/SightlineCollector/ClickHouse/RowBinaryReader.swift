/// Reads rows a query returned in ClickHouse's RowBinary format (see ``RowBinaryWriter``),
/// the columns in the order the query selected them.
struct RowBinaryReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { position >= bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= bytes.count else { throw ClickHouseError.malformedReply("rows end early") }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func length() throws -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try take(1).first!
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            guard shift < 64 else { throw ClickHouseError.malformedReply("a length runs past 64 bits") }
        }
        guard value <= UInt64(Int.max) else { throw ClickHouseError.malformedReply("a length is too large") }
        return Int(value)
    }

    mutating func string() throws -> String {
        String(decoding: try take(try length()), as: UTF8.self)
    }

    /// A `String` value's bytes, whatever they hold.
    mutating func binary() throws -> [UInt8] {
        Array(try take(try length()))
    }

    mutating func uint8() throws -> UInt8 { try take(1).first! }

    mutating func bool() throws -> Bool { try uint8() != 0 }

    mutating func uint64() throws -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    mutating func int64() throws -> Int64 { Int64(bitPattern: try uint64()) }

    mutating func float64() throws -> Double { Double(bitPattern: try uint64()) }

    mutating func nullable<Value>(_ read: (inout RowBinaryReader) throws -> Value) throws -> Value? {
        try uint8() == 1 ? nil : read(&self)
    }

    mutating func nullableString() throws -> String? { try nullable { try $0.string() } }

    mutating func nullableInt() throws -> Int? { try nullable { Int(truncatingIfNeeded: try $0.int64()) } }

    mutating func nullableUInt64() throws -> UInt64? { try nullable { try $0.uint64() } }

    mutating func nullableFloat64() throws -> Double? { try nullable { try $0.float64() } }

    mutating func strings() throws -> [String] {
        let count = try length()
        var values: [String] = []
        values.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count { values.append(try string()) }
        return values
    }

    mutating func stringMap() throws -> [String: String] {
        let count = try length()
        var map: [String: String] = [:]
        for _ in 0..<count {
            let key = try string()
            map[key] = try string()
        }
        return map
    }
}
