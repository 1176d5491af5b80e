import Sightline

/// Ready-made configurations for the backends Sightline knows: the endpoint, the
/// authentication header and the attribute conventions each one reads.
///
/// Every preset registers the OTLP exporter (``OTLPExporter/register()``), so it works with
/// no other step. The result is an ordinary `Configuration`: change any field before
/// bootstrapping, for instance add a convention for a second backend.
///
/// ```swift
/// let sightline = try Sightline.bootstrap(.langWatch(apiKey: key, serviceName: "chat-service"))
/// ```
extension Configuration {
    /// The default LangWatch endpoint.
    public static let defaultLangWatchEndpoint = "https://app.langwatch.ai"
    /// The default Laminar endpoint (OTLP over HTTP).
    public static let defaultLaminarBaseURL = "https://api.lmnr.ai:443"
    /// The default endpoint of a local Arize Phoenix.
    public static let defaultPhoenixEndpoint = "http://localhost:6006"
    /// The default Langfuse host (Langfuse Cloud, EU region; `https://us.cloud.langfuse.com`
    /// is the US region).
    public static let defaultLangfuseHost = "https://cloud.langfuse.com"

    /// LangWatch: `POST {endpoint}/api/otel/v1/traces` with `Authorization: Bearer <apiKey>`,
    /// LangWatch conventions.
    ///
    /// - Parameters:
    ///   - apiKey: the project's API key (`LANGWATCH_API_KEY`).
    ///   - endpoint: the LangWatch server; `https://app.langwatch.ai` by default, your own for a
    ///     self-hosted LangWatch (`LANGWATCH_ENDPOINT`).
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func langWatch(apiKey: String, endpoint: String = defaultLangWatchEndpoint,
                                 serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: endpoint.withoutTrailingSlash + "/api/otel/v1/traces", tracesEndpointIsExact: true,
                                    headers: ["Authorization": "Bearer \(apiKey)"])
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.langWatch])
    }

    /// Laminar: `POST {baseURL}/v1/traces` with `Authorization: Bearer <apiKey>`, Laminar conventions.
    ///
    /// - Parameters:
    ///   - apiKey: the project's API key (`LMNR_PROJECT_API_KEY`).
    ///   - baseURL: `https://api.lmnr.ai:443` by default; a self-hosted Laminar's HTTP address
    ///     with its port (`LMNR_BASE_URL`).
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func laminar(apiKey: String, baseURL: String = defaultLaminarBaseURL,
                               serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: baseURL.withoutTrailingSlash + "/v1/traces", tracesEndpointIsExact: true,
                                    headers: ["Authorization": "Bearer \(apiKey)"])
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.laminar])
    }

    /// Langfuse: `POST {host}/api/public/otel/v1/traces` with `Authorization: Basic
    /// base64(publicKey:secretKey)` and `x-langfuse-ingestion-version: 4` (which Langfuse asks
    /// of direct OpenTelemetry exporters for real-time ingestion), Langfuse conventions.
    ///
    /// - Parameters:
    ///   - publicKey: the project's public key, `pk-lf-…` (`LANGFUSE_PUBLIC_KEY`).
    ///   - secretKey: the project's secret key, `sk-lf-…` (`LANGFUSE_SECRET_KEY`).
    ///   - host: `https://cloud.langfuse.com` by default; another region's or a self-hosted
    ///     Langfuse's address (`LANGFUSE_HOST`).
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func langfuse(publicKey: String, secretKey: String, host: String = defaultLangfuseHost,
                                serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let headers = ["Authorization": BasicAuthorization.headerValue(user: publicKey, password: secretKey),
                       "x-langfuse-ingestion-version": "4"]
        let settings = OTLPSettings(endpoint: host.withoutTrailingSlash + "/api/public/otel/v1/traces",
                                    tracesEndpointIsExact: true, headers: headers)
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.langfuse])
    }

    /// Arize Phoenix: `POST {endpoint}/v1/traces`, OpenInference conventions, and the resource
    /// attribute `openinference.project.name`, from which Phoenix picks the project.
    ///
    /// - Parameters:
    ///   - endpoint: the Phoenix server; `http://localhost:6006` by default.
    ///   - project: the Phoenix project the traces go to; `default` by default.
    ///   - apiKey: for a Phoenix with authentication on, sent as `Authorization: Bearer <apiKey>`.
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func phoenix(endpoint: String = defaultPhoenixEndpoint, project: String = "default", apiKey: String? = nil,
                               serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let headers = apiKey.map { ["Authorization": "Bearer \($0)"] } ?? [:]
        let settings = OTLPSettings(endpoint: endpoint.withoutTrailingSlash, headers: headers)
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.openInference],
                             resourceAttributes: [Attribute("openinference.project.name", .string(project))])
    }

    /// Any OTLP/HTTP endpoint (an OpenTelemetry Collector, say): `POST {endpoint}/v1/traces`,
    /// OpenTelemetry GenAI conventions.
    ///
    /// - Parameters:
    ///   - endpoint: the base endpoint; `http://localhost:4318` by default.
    ///   - headers: sent with every request (authentication, tenant…).
    ///   - compression: `.gzip` to compress request bodies.
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func otlp(endpoint: String = "http://localhost:4318", headers: [String: String] = [:],
                            compression: OTLPSettings.Compression = .none,
                            serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: endpoint, headers: headers, compression: compression)
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.genAI])
    }

    /// Sightline's own collector (`sightline serve`) on this machine: `POST
    /// http://127.0.0.1:{port}/v1/traces`, GenAI conventions (the collector reads the customer,
    /// labels, custom metadata and cost from `SightlineKeys`).
    ///
    /// - Parameters:
    ///   - port: the collector's port; 4318 by default.
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func local(port: Int = 4318, serviceName: String = "unknown_service:swift") -> Configuration {
        local(baseURL: "http://127.0.0.1:\(port)", serviceName: serviceName)
    }

    /// Sightline's own collector (`sightline serve`) at `baseURL`, on this machine or another:
    /// `POST {baseURL}/v1/traces`, GenAI conventions. A collector started with `--api-key` needs
    /// its key in `OTLPSettings/headers` (`Authorization: Bearer <key>`).
    ///
    /// - Parameters:
    ///   - baseURL: the collector's address, such as `http://collector.internal:4318`.
    ///   - serviceName: the resource's `service.name`.
    /// - Returns: a configuration that exports there over OTLP/HTTP; change any field before
    ///   bootstrapping.
    public static func local(baseURL: String, serviceName: String = "unknown_service:swift") -> Configuration {
        OTLPExporter.register()
        let settings = OTLPSettings(endpoint: baseURL.withoutTrailingSlash)
        return Configuration(serviceName: serviceName, exporter: .otlp(settings), conventions: [.genAI])
    }
}

extension String {
    /// The URL without the slashes at its end, so a path can be appended.
    var withoutTrailingSlash: String {
        var text = Substring(self)
        while text.hasSuffix("/") { text.removeLast() }
        return String(text)
    }
}
