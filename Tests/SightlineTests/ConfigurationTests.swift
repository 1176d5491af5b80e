import SightlineTesting
import Testing
@testable import Sightline

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test func readsTheStandardVariables() throws {
        let config = Configuration.fromEnvironment(environment: [
            "OTEL_SERVICE_NAME": "chat-service",
            "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment=prod, team=ai%20platform",
            "OTEL_TRACES_EXPORTER": "none",
            "OTEL_TRACES_SAMPLER": "parentbased_traceidratio",
            "OTEL_TRACES_SAMPLER_ARG": "0.25",
            "OTEL_BSP_MAX_QUEUE_SIZE": "4096",
            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "256",
            "OTEL_BSP_SCHEDULE_DELAY": "1000",
            "OTEL_BSP_EXPORT_TIMEOUT": "5000",
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT": "64",
            "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT": "1024",
            "OTEL_SPAN_EVENT_COUNT_LIMIT": "16",
            "OTEL_SPAN_LINK_COUNT_LIMIT": "8",
            "SIGHTLINE_CONVENTIONS": "langwatch, laminar,openinference",
            "SIGHTLINE_CAPTURE_CONTENT": "false",
        ])
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        #expect(config.serviceName == "chat-service")
        #expect(config.resourceAttributes == [Attribute("deployment.environment", "prod"), Attribute("team", "ai platform")])
        guard case .none = config.exporter else { Issue.record("expected no exporter, got \(config.exporter)"); return }
        #expect(config.sampler.description == "ParentBased{root=TraceIDRatio{0.25}}")
        #expect(config.batch == BatchSpanProcessor.Settings(maxQueueSize: 4096, scheduleDelay: .seconds(1),
                                                            exportTimeout: .seconds(5), maxExportBatchSize: 256))
        #expect(config.limits == SpanLimits(attributeCountLimit: 64, attributeValueLengthLimit: 1024, eventCountLimit: 16,
                                            linkCountLimit: 8, attributePerEventCountLimit: 128, attributePerLinkCountLimit: 128))
        #expect(config.conventions == [.langWatch, .laminar, .openInference])
        #expect(config.captureContent == false)
        #expect(config.resource.serviceName == "chat-service")
    }

    @Test func defaultsWithAnEmptyEnvironment() {
        let config = Configuration.fromEnvironment(environment: [:])
        #expect(config.warnings.isEmpty)
        #expect(config.serviceName == "unknown_service:swift")
        guard case .console = config.exporter else { Issue.record("console is the default without an endpoint"); return }
        #expect(config.sampler.description == "ParentBased{root=AlwaysOn}")
        #expect(config.conventions == [.genAI])
        #expect(config.isDisabled == false)
        #expect(config.batch == BatchSpanProcessor.Settings())
    }

    @Test func theEnvironmentOverridesTheServiceNameGivenInCode() {
        let config = Configuration.fromEnvironment(serviceName: "chat-service", environment: ["OTEL_SERVICE_NAME": "bar-check"])
        #expect(config.serviceName == "bar-check")
        #expect(config.resource.serviceName == "bar-check")
        let fromResource = Configuration.fromEnvironment(
            serviceName: "chat-service", environment: ["OTEL_RESOURCE_ATTRIBUTES": "service.name=res"])
        #expect(fromResource.serviceName == "res")
        let both = Configuration.fromEnvironment(
            serviceName: "chat-service",
            environment: ["OTEL_SERVICE_NAME": "named", "OTEL_RESOURCE_ATTRIBUTES": "service.name=res"])
        #expect(both.serviceName == "named")
        let unset = Configuration.fromEnvironment(serviceName: "chat-service", environment: [:])
        #expect(unset.serviceName == "chat-service")
    }

    @Test func fieldsSetAfterTheCallWinOverTheEnvironment() {
        var config = Configuration.fromEnvironment(serviceName: "chat-service", environment: ["OTEL_SERVICE_NAME": "bar-check"])
        config.serviceName = "assigned"
        #expect(config.resource.serviceName == "assigned")
    }

    @Test(arguments: ["yes", "1", "on", "enabled"])
    func onlyTrueDisablesTheSDKAndAnythingElseWarns(value: String) {
        let config = Configuration.fromEnvironment(environment: ["OTEL_SDK_DISABLED": value])
        #expect(config.isDisabled == false)
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.contains("OTEL_SDK_DISABLED=\(value) is not a boolean") == true)
        let falseValue = Configuration.fromEnvironment(environment: ["OTEL_SDK_DISABLED": "False"])
        #expect(falseValue.isDisabled == false && falseValue.warnings.isEmpty)
    }

    @Test func invalidPercentEncodingIsNamedAsSuch() {
        let config = Configuration.fromEnvironment(environment: ["OTEL_RESOURCE_ATTRIBUTES": "a=%zz,b=ok"])
        #expect(config.resourceAttributes == [Attribute("b", "ok")])
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.contains("invalid percent-encoding") == true, "\(config.warnings)")
        #expect(config.warnings.first?.contains("not key=value") == false)
    }

    @Test func otlpVariables() throws {
        let config = Configuration.fromEnvironment(environment: [
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318/",
            "OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer%20abc,x-team=ai",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "2500",
            "OTEL_EXPORTER_OTLP_COMPRESSION": "gzip",
            "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json",
        ])
        guard case .otlp(let settings) = config.exporter else { Issue.record("an endpoint selects OTLP"); return }
        #expect(settings.tracesURL == "http://collector:4318/v1/traces")
        #expect(settings.headers == ["Authorization": "Bearer abc", "x-team": "ai"])
        #expect(settings.timeout == .milliseconds(2500))
        #expect(settings.compression == .gzip)
        #expect(settings.wireProtocol == .httpJSON)

        let exact = Configuration.fromEnvironment(environment: [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://app.langwatch.ai/api/otel/v1/traces",
        ])
        guard case .otlp(let exactSettings) = exact.exporter else { Issue.record("expected OTLP"); return }
        #expect(exactSettings.tracesURL == "https://app.langwatch.ai/api/otel/v1/traces")
    }

    @Test(arguments: [
        ("OTEL_SDK_DISABLED", "maybe"),
        ("OTEL_TRACES_EXPORTER", "zipkin"),
        ("OTEL_TRACES_SAMPLER", "sometimes"),
        ("OTEL_TRACES_SAMPLER_ARG", "1.5"),
        ("OTEL_BSP_MAX_QUEUE_SIZE", "-3"),
        ("OTEL_BSP_MAX_QUEUE_SIZE", "0"),
        ("OTEL_BSP_SCHEDULE_DELAY", "soon"),
        ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "99999"),
        ("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "lots"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"),
        ("OTEL_EXPORTER_OTLP_COMPRESSION", "brotli"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        ("OTEL_EXPORTER_OTLP_HEADERS", "novalue"),
        ("OTEL_RESOURCE_ATTRIBUTES", "k=%zz"),
        ("SIGHTLINE_CONVENTIONS", "zipkin"),
    ])
    func malformedValuesWarnAndFallBackToTheDefault(name: String, value: String) {
        // The ratio sampler is selected so that a bad OTEL_TRACES_SAMPLER_ARG is read at all.
        var environment = ["OTEL_TRACES_SAMPLER": "traceidratio"]
        environment[name] = value
        let config = Configuration.fromEnvironment(environment: environment)
        #expect(config.warnings.count == 1, "\(config.warnings)")
        #expect(config.warnings.first?.contains(name) == true)
        let defaults = Configuration.fromEnvironment(environment: environment.filter { $0.key != name })
        #expect(config.batch == defaults.batch)
        #expect(config.limits == defaults.limits)
        #expect(config.conventions == defaults.conventions)
        #expect(config.isDisabled == false)
    }

    @Test func warningsReachTheHandlerWhenTheSDKStarts() {
        let warnings = WarningLog()
        var config = Configuration.fromEnvironment(environment: ["OTEL_BSP_MAX_QUEUE_SIZE": "lots"])
        config.warningHandler = { warnings.append($0) }
        config.exporter = .none
        _ = Sightline(config)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("OTEL_BSP_MAX_QUEUE_SIZE") == true)
    }

    @Test func disabledFromTheEnvironment() {
        let config = Configuration.fromEnvironment(environment: ["OTEL_SDK_DISABLED": "TRUE"])
        #expect(config.isDisabled)
    }

    @Test func otlpWithoutTheOTLPModuleFallsBackToTheConsoleWithAWarning() {
        let warnings = WarningLog()
        // The SightlineOTLP tests register the real exporter in this same process: hide it.
        ExporterRegistry.$otlpOverride.withValue(.some(nil)) {
            let sdk = Sightline(Configuration(exporter: .otlp(OTLPSettings()), warningHandler: { warnings.append($0) }))
            _ = sdk
        }
        #expect(warnings.all.contains { $0.contains("SightlineOTLP") })
    }

    // MARK: LangWatch and Laminar API keys

    private func otlpSettings(_ config: Configuration) -> OTLPSettings? {
        guard case .otlp(let settings) = config.exporter else { return nil }
        return settings
    }

    @Test func theLangWatchAPIKeySelectsLangWatch() throws {
        let config = Configuration.fromEnvironment(environment: ["LANGWATCH_API_KEY": "sk-lw"])
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        let settings = try #require(otlpSettings(config))
        #expect(settings.tracesURL == "https://app.langwatch.ai/api/otel/v1/traces")
        #expect(settings.headers == ["Authorization": "Bearer sk-lw"])
        #expect(config.conventions == [.genAI, .langWatch])

        let selfHosted = Configuration.fromEnvironment(environment: [
            "LANGWATCH_API_KEY": "sk-lw", "LANGWATCH_ENDPOINT": "http://langwatch.internal:5560/",
            "SIGHTLINE_CONVENTIONS": "openinference,langwatch",
        ])
        #expect(otlpSettings(selfHosted)?.tracesURL == "http://langwatch.internal:5560/api/otel/v1/traces")
        #expect(selfHosted.conventions == [.openInference, .langWatch])
    }

    @Test func theLaminarAPIKeySelectsLaminar() throws {
        let config = Configuration.fromEnvironment(environment: ["LMNR_PROJECT_API_KEY": "lmnr", "SIGHTLINE_CONVENTIONS": "openinference"])
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        let settings = try #require(otlpSettings(config))
        #expect(settings.tracesURL == "https://api.lmnr.ai:443/v1/traces")
        #expect(settings.headers == ["Authorization": "Bearer lmnr"])
        #expect(config.conventions == [.openInference, .laminar])

        let selfHosted = Configuration.fromEnvironment(environment: ["LMNR_PROJECT_API_KEY": "lmnr", "LMNR_BASE_URL": "http://localhost:8000"])
        #expect(otlpSettings(selfHosted)?.tracesURL == "http://localhost:8000/v1/traces")
        #expect(selfHosted.conventions == [.genAI, .laminar])
    }

    @Test func theLangfuseKeysSelectLangfuse() throws {
        let config = Configuration.fromEnvironment(environment: [
            "LANGFUSE_PUBLIC_KEY": "pk-lf-1", "LANGFUSE_SECRET_KEY": "sk-lf-1", "SIGHTLINE_CONVENTIONS": "langfuse",
        ])
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        let settings = try #require(otlpSettings(config))
        #expect(settings.tracesURL == "https://cloud.langfuse.com/api/public/otel/v1/traces")
        // `echo -n pk-lf-1:sk-lf-1 | base64`
        #expect(settings.headers == ["Authorization": "Basic cGstbGYtMTpzay1sZi0x", "x-langfuse-ingestion-version": "4"])
        #expect(config.conventions == [.langfuse])

        let selfHosted = Configuration.fromEnvironment(environment: [
            "LANGFUSE_PUBLIC_KEY": "pk", "LANGFUSE_SECRET_KEY": "sk", "LANGFUSE_HOST": "http://localhost:3000/",
        ])
        #expect(otlpSettings(selfHosted)?.tracesURL == "http://localhost:3000/api/public/otel/v1/traces")
        #expect(selfHosted.conventions == [.genAI, .langfuse])
    }

    @Test func oneLangfuseKeyAloneIsAWarningAndNoBackend() {
        let config = Configuration.fromEnvironment(environment: ["LANGFUSE_PUBLIC_KEY": "pk"])
        #expect(otlpSettings(config) == nil, "no endpoint: the console")
        #expect(config.conventions == [.genAI])
        #expect(config.warnings.count == 1 && config.warnings.first?.contains("LANGFUSE_SECRET_KEY") == true)
    }

    @Test(arguments: ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
    func anOTLPEndpointWinsOverTheAPIKeys(variable: String) throws {
        let config = Configuration.fromEnvironment(environment: [
            variable: "http://collector:4318", "LANGWATCH_API_KEY": "sk-lw", "LMNR_PROJECT_API_KEY": "lmnr",
        ])
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        let settings = try #require(otlpSettings(config))
        #expect(settings.endpoint == "http://collector:4318")
        #expect(settings.headers.isEmpty)
        #expect(config.conventions == [.genAI])
    }

    @Test func withBothKeysLangWatchIsChosenWithAWarning() {
        let config = Configuration.fromEnvironment(environment: ["LANGWATCH_API_KEY": "sk-lw", "LMNR_PROJECT_API_KEY": "lmnr"])
        #expect(otlpSettings(config)?.tracesURL == "https://app.langwatch.ai/api/otel/v1/traces")
        #expect(config.conventions == [.genAI, .langWatch])
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.contains("LMNR_PROJECT_API_KEY") == true)
    }

    @Test func anAuthorizationHeaderFromTheEnvironmentWinsOverTheKey() {
        let config = Configuration.fromEnvironment(environment: [
            "LANGWATCH_API_KEY": "sk-lw", "OTEL_EXPORTER_OTLP_HEADERS": "authorization=Bearer%20other,x-team=ai",
        ])
        #expect(otlpSettings(config)?.headers == ["authorization": "Bearer other", "x-team": "ai"])
    }

    @Test func aMalformedBackendURLWarnsAndUsesTheDefault() {
        let config = Configuration.fromEnvironment(environment: ["LMNR_PROJECT_API_KEY": "lmnr", "LMNR_BASE_URL": "api.lmnr.ai"])
        #expect(otlpSettings(config)?.tracesURL == "https://api.lmnr.ai:443/v1/traces")
        #expect(config.warnings.count == 1)
        #expect(config.warnings.first?.contains("LMNR_BASE_URL") == true)
    }

    @Test func anExplicitExporterChoiceStaysWithAnAPIKey() {
        let config = Configuration.fromEnvironment(environment: ["LANGWATCH_API_KEY": "sk-lw", "OTEL_TRACES_EXPORTER": "console"])
        guard case .console = config.exporter else { Issue.record("expected the console, got \(config.exporter)"); return }
        #expect(config.warnings.isEmpty)
    }
}
