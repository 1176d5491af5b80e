extension JSONValue {
    /// The JSON value of an `Encodable` value, as `JSONEncoder` would write it with its default
    /// strategies: `nil` members left out by synthesized conformances, integers exact, other
    /// numbers as doubles. With ``JSONWriter`` this is the package's one way from `Codable`
    /// types to JSON text (the collector's query replies, the `sightline` tool's `--json`).
    package init(encoding value: some Encodable) throws {
        let encoder = ValueEncoder(codingPath: [])
        try value.encode(to: encoder)
        self = encoder.storage.value
    }
}

/// A value being built: a container is shared by reference between the encoder and the
/// containers it hands out, then read back once encoding is done.
private final class EncodedStorage {
    enum Content {
        case empty
        case single(JSONValue)
        case object([String: EncodedStorage])
        case array([EncodedStorage])
    }

    var content = Content.empty

    var value: JSONValue {
        switch content {
        case .empty: return .object([:])
        case .single(let value): return value
        case .object(let members): return .object(members.mapValues(\.value))
        case .array(let elements): return .array(elements.map(\.value))
        }
    }

    /// The members, turning an untouched storage into an empty object.
    func member(_ key: String) -> EncodedStorage {
        var members: [String: EncodedStorage] = [:]
        if case .object(let existing) = content { members = existing }
        let storage = members[key] ?? EncodedStorage()
        members[key] = storage
        content = .object(members)
        return storage
    }

    func appendElement() -> EncodedStorage {
        var elements: [EncodedStorage] = []
        if case .array(let existing) = content { elements = existing }
        let storage = EncodedStorage()
        elements.append(storage)
        content = .array(elements)
        return storage
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

private struct ValueEncoder: Encoder {
    let storage: EncodedStorage
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(codingPath: [any CodingKey], storage: EncodedStorage = EncodedStorage()) {
        self.codingPath = codingPath
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([:]) }
        return KeyedEncodingContainer(KeyedContainer(storage: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = storage.content {} else { storage.content = .array([]) }
        return UnkeyedContainer(storage: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(storage: storage, codingPath: codingPath)
    }

    /// Encodes `value` into `storage`: scalars directly, everything else through its conformance.
    static func encode(_ value: some Encodable, into storage: EncodedStorage, codingPath: [any CodingKey]) throws {
        if let scalar = scalar(value) {
            storage.content = .single(scalar)
        } else {
            try value.encode(to: ValueEncoder(codingPath: codingPath, storage: storage))
        }
    }

    /// The JSON value of the standard library's scalars, whose own conformances ask for a
    /// single-value container.
    private static func scalar(_ value: Any) -> JSONValue? {
        switch value {
        case let value as String: return .string(value)
        case let value as Bool: return .bool(value)
        case let value as Double: return .double(value)
        case let value as Float: return .double(Double(value))
        case let value as any BinaryInteger:
            if let exact = Int64(exactly: value) { return .int(exact) }
            return .double(Double(value))
        default: return nil
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: EncodedStorage
    var codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        storage.member(key.stringValue).content = .single(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try put(value, forKey: key) }
    // The scalar requirements, which have no default implementations.
    mutating func encode(_ value: Bool, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try put(value, forKey: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try put(value, forKey: key) }

    private func put(_ value: some Encodable, forKey key: Key) throws {
        try ValueEncoder.encode(value, into: storage.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let member = storage.member(key.stringValue)
        member.content = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: member, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let member = storage.member(key.stringValue)
        member.content = .array([])
        return UnkeyedContainer(storage: member, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(codingPath: codingPath, storage: storage.member("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(codingPath: codingPath + [key], storage: storage.member(key.stringValue))
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer, ScalarForwarding {
    let storage: EncodedStorage
    var codingPath: [any CodingKey]
    var count: Int { storage.count }

    mutating func encodeNil() throws {
        storage.appendElement().content = .single(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    func put(_ value: some Encodable) throws {
        try ValueEncoder.encode(value, into: storage.appendElement(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let element = storage.appendElement()
        element.content = .object([:])
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(storage: element, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let element = storage.appendElement()
        element.content = .array([])
        return UnkeyedContainer(storage: element, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(codingPath: codingPath, storage: storage.appendElement())
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer, ScalarForwarding {
    let storage: EncodedStorage
    var codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        storage.content = .single(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws { try put(value) }

    func put(_ value: some Encodable) throws {
        try ValueEncoder.encode(value, into: storage, codingPath: codingPath)
    }
}

/// The scalar requirements of the unkeyed and single-value containers, which have no default
/// implementations, all sent to the container's generic path.
private protocol ScalarForwarding {
    func put(_ value: some Encodable) throws
}

extension ScalarForwarding {
    mutating func encode(_ value: Bool) throws { try put(value) }
    mutating func encode(_ value: String) throws { try put(value) }
    mutating func encode(_ value: Double) throws { try put(value) }
    mutating func encode(_ value: Float) throws { try put(value) }
    mutating func encode(_ value: Int) throws { try put(value) }
    mutating func encode(_ value: Int8) throws { try put(value) }
    mutating func encode(_ value: Int16) throws { try put(value) }
    mutating func encode(_ value: Int32) throws { try put(value) }
    mutating func encode(_ value: Int64) throws { try put(value) }
    mutating func encode(_ value: UInt) throws { try put(value) }
    mutating func encode(_ value: UInt8) throws { try put(value) }
    mutating func encode(_ value: UInt16) throws { try put(value) }
    mutating func encode(_ value: UInt32) throws { try put(value) }
    mutating func encode(_ value: UInt64) throws { try put(value) }
}
