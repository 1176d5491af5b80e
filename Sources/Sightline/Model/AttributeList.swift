/// Ordered attributes with unique keys; lookups stay cheap for large lists.
struct AttributeList {
    private(set) var attributes: [Attribute]
    /// Built lazily once the list is long enough for linear scans to hurt.
    private var index: [String: Int]?
    private static let indexThreshold = 16

    init(_ attributes: [Attribute] = []) {
        self.attributes = []
        self.attributes.reserveCapacity(max(attributes.count, 8))
        for attribute in attributes { set(attribute.key, attribute.value) }
    }

    var count: Int { attributes.count }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        return attributes.firstIndex { $0.key == key }
    }

    /// Replaces the value of an existing key, or appends. Returns false only when `limit`
    /// would be exceeded by a new key.
    @discardableResult
    mutating func set(_ key: String, _ value: AttributeValue, limit: Int = .max) -> Bool {
        if let existing = position(of: key) {
            attributes[existing].value = value
            return true
        }
        guard attributes.count < limit else { return false }
        append(key, value)
        return true
    }

    /// Appends unless the key is present already (first writer wins).
    mutating func setIfAbsent(_ key: String, _ value: AttributeValue) {
        if position(of: key) == nil { append(key, value) }
    }

    private mutating func append(_ key: String, _ value: AttributeValue) {
        attributes.append(Attribute(key, value))
        if index != nil {
            index![key] = attributes.count - 1
        } else if attributes.count > Self.indexThreshold {
            index = Dictionary(attributes.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
}
