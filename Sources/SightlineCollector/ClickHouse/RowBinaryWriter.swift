/// Rows in ClickHouse's RowBinary format: each value in its column's binary form, little
/// endian, strings and arrays prefixed with their length as an unsigned LEB128 number,
/// `Nullable` values with a flag byte (1 for NULL). No column names, no escaping.
package struct RowBinaryWriter {
    package private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func length(_ count: Int) {
        var value = UInt64(count)
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
    }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            length(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Bytes as a `String` value (ClickHouse strings hold any bytes).
    mutating func binary(_ value: [UInt8]) {
        length(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func uint8(_ value: UInt8) { bytes.append(value) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func int64(_ value: Int64) { uint64(UInt64(bitPattern: value)) }

    mutating func float64(_ value: Double) { uint64(value.bitPattern) }

    /// `Nullable(T)`: the flag, then the value when there is one.
    mutating func nullable<Value>(_ value: Value?, _ write: (inout RowBinaryWriter, Value) -> Void) {
        guard let value else {
            bytes.append(1)
            return
        }
        bytes.append(0)
        write(&self, value)
    }

    mutating func nullableString(_ value: String?) { nullable(value) { $0.string($1) } }

    mutating func nullableInt(_ value: Int?) { nullable(value) { $0.int64(Int64($1)) } }

    mutating func nullableUInt64(_ value: UInt64?) { nullable(value) { $0.uint64($1) } }

    mutating func nullableFloat64(_ value: Double?) { nullable(value) { $0.float64($1) } }

    mutating func strings(_ values: [String]) {
        length(values.count)
        for value in values { string(value) }
    }

    /// `Map(String, String)`, keys sorted so that equal maps are equal bytes.
    mutating func stringMap(_ map: [String: String]) {
        length(map.count)
        for key in map.keys.sorted() {
            string(key)
            string(map[key]!)
        }
    }

    /// `Map(String, Float64)`, keys sorted.
    mutating func numberMap(_ map: [String: Double]) {
        length(map.count)
        for key in map.keys.sorted() {
            string(key)
            float64(map[key]!)
        }
    }
}
