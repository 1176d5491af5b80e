/// Adds one convention's attributes to a span without touching the ones already there.
///
/// A key that is present wins: the user's own attribute, or the value an earlier convention
/// wrote under a key several conventions share (`gen_ai.request.model`, `user.id`, …).
/// The attribute list is built on the first write only, so a convention with nothing to say
/// about a span costs next to nothing. Call ``finish(_:)`` to store the result.
///
/// The typed setters skip nil values and empty collections, so callers can hand over optional
/// span fields directly.
struct ConventionWriter {
    private let original: [Attribute]
    private var list: AttributeList?

    init(_ span: FinishedSpan) {
        original = span.attributes
    }

    /// Adds `value` under `key` unless the key is present already.
    mutating func set(_ key: String, _ value: AttributeValue) {
        if list == nil { list = AttributeList(original) }
        list!.setIfAbsent(key, value)
    }

    mutating func set(_ key: String, string value: String?) {
        if let value { set(key, .string(value)) }
    }

    mutating func set(_ key: String, int value: Int?) {
        if let value { set(key, .int(Int64(value))) }
    }

    mutating func set(_ key: String, double value: Double?) {
        if let value { set(key, .double(value)) }
    }

    /// Writes `value` as compact JSON text (object keys sorted).
    mutating func set(_ key: String, json value: JSONValue) {
        set(key, .string(value.jsonString))
    }

    /// Writes a list as an OTLP string array, never as JSON text. Skips an empty list.
    mutating func set(_ key: String, strings values: [String]) {
        if !values.isEmpty { set(key, .strings(values)) }
    }

    /// Writes each custom metadata entry under `prefix + key`, keys in sorted order, values
    /// converted by ``metadataAttribute(_:)``.
    mutating func setEach(prefix: String, _ metadata: [String: JSONValue]) {
        for key in metadata.keys.sorted() {
            set(prefix + key, Self.metadataAttribute(metadata[key]!))
        }
    }

    /// Stores the attributes in the span; does nothing when nothing was written.
    func finish(_ span: inout FinishedSpan) {
        if let list { span.attributes = list.attributes }
    }
}

// MARK: - Custom metadata

extension ConventionWriter {
    /// The custom metadata a convention writes on `span`: all of it on the local root of the
    /// trace, or on every span when `onEverySpan` is set; nothing otherwise.
    static func customMetadata(of span: FinishedSpan, onEverySpan: Bool) -> [String: JSONValue] {
        span.isLocalRoot || onEverySpan ? span.traceMetadataIfSet?.custom ?? [:] : [:]
    }

    /// A custom metadata value as a single attribute value.
    ///
    /// Strings, integers, doubles and booleans keep their kind. An array whose elements are all
    /// of one of those kinds becomes an OTLP array of that kind (an empty array, an empty OTLP
    /// array). Anything else (objects, mixed or nested arrays, null) becomes its JSON text.
    static func metadataAttribute(_ value: JSONValue) -> AttributeValue {
        if let scalar = scalarAttribute(value) { return scalar }
        if case .array(let elements) = value, let array = uniformArray(elements) { return .array(array) }
        return .string(value.jsonString)
    }

    private static func scalarAttribute(_ value: JSONValue) -> AttributeValue? {
        switch value {
        case .string(let text): return .string(text)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .bool(let flag): return .bool(flag)
        case .null, .array, .object: return nil
        }
    }

    /// The elements as attribute values when they are all scalars of the same kind.
    private static func uniformArray(_ elements: [JSONValue]) -> [AttributeValue]? {
        var result = [AttributeValue]()
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let scalar = scalarAttribute(element) else { return nil }
            if let first = result.first, !sameKind(first, scalar) { return nil }
            result.append(scalar)
        }
        return result
    }

    private static func sameKind(_ lhs: AttributeValue, _ rhs: AttributeValue) -> Bool {
        switch (lhs, rhs) {
        case (.string, .string), (.int, .int), (.double, .double), (.bool, .bool): return true
        default: return false
        }
    }
}
