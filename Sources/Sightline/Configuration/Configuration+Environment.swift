extension Configuration {
    /// Reads the standard OpenTelemetry variables plus Sightline's own.
    ///
    /// `OTEL_SDK_DISABLED`, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`,
    /// `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`), `OTEL_EXPORTER_OTLP[_TRACES]_{ENDPOINT,
    /// HEADERS,TIMEOUT,COMPRESSION,PROTOCOL}`, `OTEL_TRACES_SAMPLER[_ARG]`, `OTEL_BSP_*`,
    /// `OTEL_ATTRIBUTE_*_LIMIT`, `OTEL_SPAN_*_LIMIT`, `OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT`,
    /// `OTEL_LINK_ATTRIBUTE_COUNT_LIMIT`, `SIGHTLINE_CONVENTIONS` (comma list of `genai`,
    /// `langwatch`, `laminar`, `openinference`, `langfuse`), `SIGHTLINE_CAPTURE_CONTENT` (or, when it is unset,
    /// `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`), `SIGHTLINE_REDACT` (`email`, `card`,
    /// `secret`, `all`), `SIGHTLINE_COMPUTE_COST`
    /// and `SIGHTLINE_MODEL_PRICES` (a JSON file of prices; see ``ModelPrices/custom(parsingJSON:)``).
    ///
    /// When no `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set, the
    /// variables of the LangWatch, Laminar and Langfuse SDKs choose the endpoint:
    /// `LANGWATCH_API_KEY` sends to `{LANGWATCH_ENDPOINT or https://app.langwatch.ai}/api/otel/v1/traces`
    /// and `LMNR_PROJECT_API_KEY` to `{LMNR_BASE_URL or https://api.lmnr.ai:443}/v1/traces`, both
    /// with `Authorization: Bearer <key>`; `LANGFUSE_PUBLIC_KEY` with `LANGFUSE_SECRET_KEY` send to
    /// `{LANGFUSE_HOST or https://cloud.langfuse.com}/api/public/otel/v1/traces` with
    /// `Authorization: Basic base64(public:secret)` and `x-langfuse-ingestion-version: 4`. A header
    /// that `OTEL_EXPORTER_OTLP_HEADERS` sets wins. The matching convention is enabled in addition
    /// to those of `SIGHTLINE_CONVENTIONS`. With several backends' keys set, the first of
    /// LangWatch, Laminar, Langfuse is chosen and a warning says so. An OTLP endpoint variable
    /// wins over all the keys, which are then left to the REST clients that read them.
    ///
    /// With no `OTEL_TRACES_EXPORTER`, spans go to OTLP when an OTLP endpoint variable is set
    /// and to the console otherwise, so a program shows its traces before anything is set up.
    /// A malformed value never stops the program: it is listed in ``warnings`` and the default
    /// is used.
    ///
    /// The arguments are fallbacks, as in swift-otel: the environment overrides them, because
    /// operators change a deployed binary through `OTEL_*` variables without rebuilding it.
    /// Fields assigned on the returned configuration afterwards win over both.
    ///
    /// - Parameters:
    ///   - serviceName: the service name when neither `OTEL_SERVICE_NAME` nor `service.name` in
    ///     `OTEL_RESOURCE_ATTRIBUTES` is set.
    ///   - environment: the variables to read; nil reads the process environment.
    public static func fromEnvironment(serviceName: String? = nil, environment: [String: String]? = nil) -> Configuration {
        var reader = EnvironmentReader(lookup: { name in
            if let environment { return environment[name] }
            return Platform.environmentValue(name)
        })
        var config = Configuration()

        config.isDisabled = reader.bool("OTEL_SDK_DISABLED") ?? false

        config.resourceAttributes = reader.keyValueList("OTEL_RESOURCE_ATTRIBUTES").map { Attribute($0.key, .string($0.value)) }
        let resourceServiceName = config.resourceAttributes.first { $0.key == "service.name" }?.value.stringValue
        config.serviceName = reader.string("OTEL_SERVICE_NAME") ?? resourceServiceName ?? serviceName ?? config.serviceName

        var otlp = reader.otlpSettings()
        let backendConvention = otlp.configured ? nil : reader.backendFromAPIKey(&otlp.settings)
        if backendConvention != nil { otlp.configured = true }
        switch reader.string("OTEL_TRACES_EXPORTER")?.split(separator: ",").first?.trimmed.lowercased() {
        case nil: config.exporter = otlp.configured ? .otlp(otlp.settings) : .console
        case "otlp": config.exporter = .otlp(otlp.settings)
        case "console", "logging": config.exporter = .console
        case "none": config.exporter = .none
        case let other?:
            reader.warn("OTEL_TRACES_EXPORTER=\(other) is not supported (otlp, console, none); using console")
            config.exporter = .console
        }

        config.sampler = reader.sampler()
        config.batch = reader.batchSettings()
        config.limits = reader.spanLimits()

        if let names = reader.string("SIGHTLINE_CONVENTIONS") {
            var conventions: [Convention] = []
            for name in names.split(separator: ",").map({ $0.trimmed.lowercased() }) where !name.isEmpty {
                if let convention = Convention(rawValue: name) {
                    if !conventions.contains(convention) { conventions.append(convention) }
                } else {
                    reader.warn("SIGHTLINE_CONVENTIONS: unknown convention '\(name)' ignored (genai, langwatch, laminar, openinference, langfuse)")
                }
            }
            config.conventions = conventions.isEmpty ? [.genAI] : conventions
        }
        if let backendConvention, !config.conventions.contains(backendConvention) {
            config.conventions.append(backendConvention)
        }
        // Sightline's own variable first; the one the OpenTelemetry GenAI instrumentations read
        // otherwise. Content is captured by default: showing what a model was asked and answered
        // is what an LLM trace is for (unlike those instrumentations, which default to off).
        config.captureContent = reader.bool("SIGHTLINE_CAPTURE_CONTENT")
            ?? reader.bool("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT") ?? true
        config.maskers = reader.maskers()
        config.computesCost = reader.bool("SIGHTLINE_COMPUTE_COST") ?? true
        config.modelPrices = reader.modelPrices()
        config.warnings = reader.warnings
        return config
    }
}

/// Parses environment values, turning every malformed one into a warning and a nil.
struct EnvironmentReader {
    let lookup: (String) -> String?
    private(set) var warnings: [String] = []

    init(lookup: @escaping (String) -> String?) {
        self.lookup = lookup
    }

    mutating func warn(_ message: String) {
        warnings.append(message)
    }

    /// The value, trimmed; nil when unset or empty.
    func string(_ name: String) -> String? {
        guard let value = lookup(name)?.trimmed, !value.isEmpty else { return nil }
        return value
    }

    /// `true` or `false`, in any case, as the OpenTelemetry specification defines boolean
    /// variables; anything else is a warning and nil (the default).
    mutating func bool(_ name: String) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default:
            warn("\(name)=\(value) is not a boolean (true or false, in any case); using the default")
            return nil
        }
    }

    mutating func nonNegativeInt(_ name: String) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), number >= 0 else {
            warn("\(name)=\(value) is not a non-negative integer; using the default")
            return nil
        }
        return number
    }

    mutating func milliseconds(_ name: String) -> Duration? {
        nonNegativeInt(name).map { .milliseconds($0) }
    }

    /// `key=value,key2=value2` with percent-encoded values (W3C Baggage style).
    mutating func keyValueList(_ name: String) -> [(key: String, value: String)] {
        guard let value = string(name) else { return [] }
        var pairs: [(key: String, value: String)] = []
        for item in value.split(separator: ",") where !item.trimmed.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmed.isEmpty else {
                warn("\(name): entry '\(item.trimmed)' is not key=value; ignored")
                continue
            }
            guard let decoded = percentDecoded(parts[1].trimmed) else {
                warn("\(name): the value of '\(parts[0].trimmed)' has invalid percent-encoding "
                     + "(a % must be followed by two hex digits, and the bytes must be UTF-8); ignored")
                continue
            }
            pairs.append((parts[0].trimmed, decoded))
        }
        return pairs
    }

    mutating func otlpSettings() -> (settings: OTLPSettings, configured: Bool) {
        var settings = OTLPSettings()
        var configured = false
        if let exact = string("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
            if isHTTPURL(exact, name: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") {
                settings.endpoint = exact
                settings.tracesEndpointIsExact = true
                configured = true
            }
        } else if let base = string("OTEL_EXPORTER_OTLP_ENDPOINT"), isHTTPURL(base, name: "OTEL_EXPORTER_OTLP_ENDPOINT") {
            settings.endpoint = base
            configured = true
        }
        for pair in keyValueList("OTEL_EXPORTER_OTLP_HEADERS") + keyValueList("OTEL_EXPORTER_OTLP_TRACES_HEADERS") {
            settings.headers[pair.key] = pair.value
        }
        if let timeout = milliseconds("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT") ?? milliseconds("OTEL_EXPORTER_OTLP_TIMEOUT") {
            settings.timeout = timeout
        }
        for name in ["OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION"] {
            guard let value = string(name) else { continue }
            if let compression = OTLPSettings.Compression(rawValue: value.lowercased()) {
                settings.compression = compression
            } else {
                warn("\(name)=\(value) is not supported (gzip, none); using none")
            }
        }
        for name in ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] {
            guard let value = string(name) else { continue }
            if let wire = OTLPSettings.WireProtocol(rawValue: value.lowercased()) {
                settings.wireProtocol = wire
            } else {
                warn("\(name)=\(value) is not supported (http/protobuf, http/json); using http/protobuf")
            }
        }
        return (settings, configured)
    }

    /// A backend chosen by its SDK's key variables: where to send, the headers, the convention.
    private struct Backend {
        let name: String
        let variable: String
        let endpoint: String
        let headers: [String: String]
        let convention: Convention
    }

    /// Points `settings` at LangWatch, Laminar or Langfuse when their key variables are set, and
    /// returns the convention to enable; nil when none is.
    mutating func backendFromAPIKey(_ settings: inout OTLPSettings) -> Convention? {
        let backends = [langWatchBackend(), laminarBackend(), langfuseBackend()].compactMap { $0 }
        guard let backend = backends.first else { return nil }
        if backends.count > 1 {
            let all = backends.map(\.variable).joined(separator: " and ")
            warn("\(all) are set and no OTLP endpoint is: exporting to \(backend.name) (set OTEL_EXPORTER_OTLP_TRACES_ENDPOINT to choose)")
        }
        settings.endpoint = backend.endpoint
        settings.tracesEndpointIsExact = true
        for (name, value) in backend.headers.sorted(by: { $0.key < $1.key })
        where !settings.headers.keys.contains(where: { $0.lowercased() == name.lowercased() }) {
            settings.headers[name] = value
        }
        return backend.convention
    }

    private mutating func langWatchBackend() -> Backend? {
        guard let key = string("LANGWATCH_API_KEY") else { return nil }
        var base = "https://app.langwatch.ai"
        if let endpoint = string("LANGWATCH_ENDPOINT"), isHTTPURL(endpoint, name: "LANGWATCH_ENDPOINT") {
            base = endpoint
        }
        return Backend(name: "LangWatch", variable: "LANGWATCH_API_KEY", endpoint: base.withoutTrailingSlashes + "/api/otel/v1/traces",
                       headers: ["Authorization": "Bearer \(key)"], convention: .langWatch)
    }

    private mutating func laminarBackend() -> Backend? {
        guard let key = string("LMNR_PROJECT_API_KEY") else { return nil }
        var base = "https://api.lmnr.ai:443"
        if let url = string("LMNR_BASE_URL"), isHTTPURL(url, name: "LMNR_BASE_URL") {
            base = url
        }
        return Backend(name: "Laminar", variable: "LMNR_PROJECT_API_KEY", endpoint: base.withoutTrailingSlashes + "/v1/traces",
                       headers: ["Authorization": "Bearer \(key)"], convention: .laminar)
    }

    /// Langfuse needs both keys; one without the other is a warning and no backend.
    private mutating func langfuseBackend() -> Backend? {
        let publicKey = string("LANGFUSE_PUBLIC_KEY")
        let secretKey = string("LANGFUSE_SECRET_KEY")
        guard let publicKey, let secretKey else {
            if publicKey != nil || secretKey != nil {
                warn("LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY must both be set to export to Langfuse; ignoring the one that is")
            }
            return nil
        }
        var base = "https://cloud.langfuse.com"
        if let host = string("LANGFUSE_HOST"), isHTTPURL(host, name: "LANGFUSE_HOST") {
            base = host
        }
        return Backend(name: "Langfuse", variable: "LANGFUSE_PUBLIC_KEY",
                       endpoint: base.withoutTrailingSlashes + "/api/public/otel/v1/traces",
                       headers: ["Authorization": BasicAuthorization.headerValue(user: publicKey, password: secretKey),
                                 "x-langfuse-ingestion-version": "4"],
                       convention: .langfuse)
    }

    mutating func sampler() -> any Sampler {
        let name = string("OTEL_TRACES_SAMPLER")?.lowercased()
        let argument = string("OTEL_TRACES_SAMPLER_ARG")
        func ratio() -> Double {
            guard let argument else { return 1 }
            guard let value = Double(argument), value >= 0, value <= 1 else {
                warn("OTEL_TRACES_SAMPLER_ARG=\(argument) is not a ratio between 0 and 1; using 1")
                return 1
            }
            return value
        }
        switch name {
        case nil, "parentbased_always_on": return ParentBasedSampler(root: AlwaysOnSampler())
        case "always_on": return AlwaysOnSampler()
        case "always_off": return AlwaysOffSampler()
        case "traceidratio": return TraceIDRatioSampler(ratio: ratio())
        case "parentbased_always_off": return ParentBasedSampler(root: AlwaysOffSampler())
        case "parentbased_traceidratio": return ParentBasedSampler(root: TraceIDRatioSampler(ratio: ratio()))
        case let other?:
            warn("OTEL_TRACES_SAMPLER=\(other) is not supported; using parentbased_always_on")
            return ParentBasedSampler(root: AlwaysOnSampler())
        }
    }

    mutating func batchSettings() -> BatchSpanProcessor.Settings {
        let defaults = BatchSpanProcessor.Settings()
        var queueSize = nonNegativeInt("OTEL_BSP_MAX_QUEUE_SIZE") ?? defaults.maxQueueSize
        var batchSize = nonNegativeInt("OTEL_BSP_MAX_EXPORT_BATCH_SIZE") ?? defaults.maxExportBatchSize
        if queueSize == 0 {
            warn("OTEL_BSP_MAX_QUEUE_SIZE=0 would drop every span; using \(defaults.maxQueueSize)")
            queueSize = defaults.maxQueueSize
        }
        if batchSize == 0 || batchSize > queueSize {
            warn("OTEL_BSP_MAX_EXPORT_BATCH_SIZE=\(batchSize) must be between 1 and the queue size \(queueSize); using \(min(defaults.maxExportBatchSize, queueSize))")
            batchSize = min(defaults.maxExportBatchSize, queueSize)
        }
        return BatchSpanProcessor.Settings(
            maxQueueSize: queueSize,
            scheduleDelay: milliseconds("OTEL_BSP_SCHEDULE_DELAY") ?? defaults.scheduleDelay,
            exportTimeout: milliseconds("OTEL_BSP_EXPORT_TIMEOUT") ?? defaults.exportTimeout,
            maxExportBatchSize: batchSize)
    }

    /// `SIGHTLINE_REDACT`: a comma list of `email`, `card`, `secret`, or `all`.
    mutating func maskers() -> [Masker] {
        guard let names = string("SIGHTLINE_REDACT") else { return [] }
        var maskers: [Masker] = []
        for name in names.split(separator: ",").map({ $0.trimmed.lowercased() }) where !name.isEmpty {
            let found: [Masker]
            switch name {
            case "all": found = Masker.all
            case "email": found = [.emailAddresses]
            case "card": found = [.cardNumbers]
            case "secret", "secrets": found = [.secrets]
            default:
                warn("SIGHTLINE_REDACT: unknown masker '\(name)' ignored (email, card, secret, all)")
                continue
            }
            for masker in found where !maskers.contains(where: { $0.name == masker.name }) { maskers.append(masker) }
        }
        return maskers
    }

    /// The shipped prices under those of the JSON file `SIGHTLINE_MODEL_PRICES` names.
    mutating func modelPrices() -> ModelPrices {
        guard let path = string("SIGHTLINE_MODEL_PRICES") else { return .builtIn }
        guard let bytes = Platform.readFile(path, limit: ModelPrices.largestPricesFile) else {
            warn("SIGHTLINE_MODEL_PRICES=\(path) cannot be read (missing, unreadable or over 4 MiB); using the shipped prices")
            return .builtIn
        }
        do {
            let (prices, problems) = try ModelPrices.custom(parsingJSON: bytes)
            for problem in problems { warn("SIGHTLINE_MODEL_PRICES: \(problem)") }
            return ModelPrices(custom: prices)
        } catch {
            warn("SIGHTLINE_MODEL_PRICES=\(path): \(error); using the shipped prices")
            return .builtIn
        }
    }

    mutating func spanLimits() -> SpanLimits {
        var limits = SpanLimits()
        let generalCount = nonNegativeInt("OTEL_ATTRIBUTE_COUNT_LIMIT")
        let generalLength = nonNegativeInt("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT")
        limits.attributeCountLimit = nonNegativeInt("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT") ?? generalCount ?? limits.attributeCountLimit
        limits.attributeValueLengthLimit = nonNegativeInt("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT") ?? generalLength
        limits.eventCountLimit = nonNegativeInt("OTEL_SPAN_EVENT_COUNT_LIMIT") ?? limits.eventCountLimit
        limits.linkCountLimit = nonNegativeInt("OTEL_SPAN_LINK_COUNT_LIMIT") ?? limits.linkCountLimit
        limits.attributePerEventCountLimit = nonNegativeInt("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT") ?? generalCount ?? limits.attributePerEventCountLimit
        limits.attributePerLinkCountLimit = nonNegativeInt("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT") ?? generalCount ?? limits.attributePerLinkCountLimit
        return limits
    }

    private mutating func isHTTPURL(_ value: String, name: String) -> Bool {
        let lower = value.lowercased()
        if (lower.hasPrefix("http://") || lower.hasPrefix("https://")) && lower.count > "https://".count - 1 {
            return true
        }
        warn("\(name)=\(value) is not an http(s) URL; using the default endpoint")
        return false
    }

    private func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = HexCoding.parse([high, low]) else { return nil }
            bytes.append(UInt8(value))
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension String {
    var withoutTrailingSlashes: String {
        var text = Substring(self)
        while text.hasSuffix("/") { text.removeLast() }
        return String(text)
    }
}

extension StringProtocol {
    var trimmed: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
