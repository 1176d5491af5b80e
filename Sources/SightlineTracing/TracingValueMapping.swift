import Sightline
import Tracing

// swift-distributed-tracing's values in Sightline's model. Every case maps to its OpenTelemetry
// counterpart; values that are only `CustomStringConvertible` become their description.

extension Sightline::SpanKind {
    init(_ kind: Tracing::SpanKind) {
        switch kind {
        case .server: self = .server
        case .client: self = .client
        case .producer: self = .producer
        case .consumer: self = .consumer
        case .internal: self = .internal
        }
    }
}

extension Sightline::SpanStatus {
    init(_ status: Tracing::SpanStatus) {
        switch status.code {
        case .ok: self = .ok
        case .error: self = .error(description: status.message ?? "")
        }
    }
}

extension AttributeValue {
    init(_ attribute: SpanAttribute) {
        switch attribute {
        case .int32(let value): self = .int(Int64(value))
        case .int64(let value): self = .int(value)
        case .int32Array(let values): self = .array(values.map { .int(Int64($0)) })
        case .int64Array(let values): self = .array(values.map { .int($0) })
        case .double(let value): self = .double(value)
        case .doubleArray(let values): self = .array(values.map { .double($0) })
        case .bool(let value): self = .bool(value)
        case .boolArray(let values): self = .array(values.map { .bool($0) })
        case .string(let value): self = .string(value)
        case .stringArray(let values): self = .strings(values)
        case .stringConvertible(let value): self = .string(value.description)
        case .stringConvertibleArray(let values): self = .strings(values.map(\.description))
        default: self = .string(String(describing: attribute))
        }
    }
}

extension [Attribute] {
    /// The attributes in key order, so a span's attributes do not depend on dictionary order.
    init(_ attributes: SpanAttributes) {
        var converted: [Attribute] = []
        converted.reserveCapacity(attributes.count)
        attributes.forEach { key, value in converted.append(Attribute(key, AttributeValue(value))) }
        self = converted.sorted { $0.key < $1.key }
    }
}

extension Timestamp {
    init(_ instant: some TracerInstant) {
        self.init(nanosecondsSinceEpoch: instant.nanosecondsSinceEpoch)
    }
}
