import Sightline

// The collector's query results travel as JSON (the HTTP query API, `--json`), so the core
// values they hold need a Codable form. The core module stays free of Foundation-facing
// protocols; these conformances live with the collector, their only user.

/// JSON values encode as themselves: `{"score": 0.9}` stays `{"score": 0.9}`.
extension JSONValue: Codable {
    /// Reads the value from its encoded form.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` when the data has another shape.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Writes the value in its encoded form.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number):
            // JSON has no NaN or infinity.
            if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
        case .string(let text): try container.encode(text)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}

/// Span types encode as their raw value: `"llm"`, `"tool"`, …
extension SpanType: Codable {}

/// Timestamps encode as nanoseconds since the Unix epoch.
extension Timestamp: Codable {
    /// Reads the value from its encoded form.
    /// - Parameter decoder: the decoder to read from.
    /// - Throws: `DecodingError` when the data has another shape.
    public init(from decoder: any Decoder) throws {
        self.init(nanosecondsSinceEpoch: try decoder.singleValueContainer().decode(UInt64.self))
    }

    /// Writes the value in its encoded form.
    /// - Parameter encoder: the encoder to write to.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(nanosecondsSinceEpoch)
    }
}
