/// What produces the telemetry: the service and the SDK, as OTLP resource attributes.
public struct Resource: Sendable, Hashable {
    /// The resource attributes, `service.name` among them.
    public var attributes: [Attribute]

    /// A resource with exactly these attributes.
    /// - Parameter attributes: the attributes, in order.
    public init(attributes: [Attribute]) {
        self.attributes = attributes
    }

    /// `service.name` plus the `telemetry.sdk.*` attributes, then `extra` (which may override them).
    /// - Parameters:
    ///   - serviceName: the service's name.
    ///   - extra: more attributes, such as `deployment.environment`.
    public init(serviceName: String, extra: [Attribute] = []) {
        var merged = [
            Attribute("service.name", .string(serviceName)),
            Attribute("telemetry.sdk.name", "sightline"),
            Attribute("telemetry.sdk.language", "swift"),
            Attribute("telemetry.sdk.version", .string(SightlineVersion.current)),
        ]
        for attribute in extra {
            if let index = merged.firstIndex(where: { $0.key == attribute.key }) {
                merged[index] = attribute
            } else {
                merged.append(attribute)
            }
        }
        self.attributes = merged
    }

    /// The `service.name` attribute, when there is one.
    public var serviceName: String? {
        attributes.first { $0.key == "service.name" }?.value.stringValue
    }
}

/// The library that recorded a span (OTLP `InstrumentationScope`).
public struct InstrumentationScope: Sendable, Hashable {
    /// The library's name (`sightline`, `Hummingbird`).
    public var name: String
    /// The library's version, when known.
    public var version: String?

    /// Names a library.
    /// - Parameters:
    ///   - name: the library's name.
    ///   - version: its version.
    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// Spans recorded through Sightline's own API.
    public static let sightline = InstrumentationScope(name: "sightline", version: SightlineVersion.current)
}

/// The SDK's version, reported in `telemetry.sdk.version`.
public enum SightlineVersion {
    public static let current = "0.1.0"
}
