import Sightline
import SightlineOTLP
import SightlineOTLPDecoding
import SightlineTesting
import Testing

@Suite("Backend presets")
struct PresetTests {
    private func otlpSettings(_ configuration: Configuration) throws -> OTLPSettings {
        guard case .otlp(let settings) = configuration.exporter else {
            throw PresetError.notOTLP("\(configuration.exporter)")
        }
        return settings
    }

    enum PresetError: Error { case notOTLP(String) }

    private func resourceValue(_ configuration: Configuration, _ key: String) -> String? {
        configuration.resource.attributes.first { $0.key == key }?.value.stringValue
    }

    @Test func langWatch() throws {
        let config = Configuration.langWatch(apiKey: "sk-lw-1", serviceName: "chat")
        let settings = try otlpSettings(config)
        #expect(settings.tracesURL == "https://app.langwatch.ai/api/otel/v1/traces")
        #expect(settings.headers == ["Authorization": "Bearer sk-lw-1"])
        #expect(settings.wireProtocol == .httpProtobuf)
        #expect(config.conventions == [.langWatch])
        #expect(config.serviceName == "chat")

        let selfHosted = try otlpSettings(.langWatch(apiKey: "k", endpoint: "http://langwatch.internal:5560/"))
        #expect(selfHosted.tracesURL == "http://langwatch.internal:5560/api/otel/v1/traces")
    }

    @Test func laminar() throws {
        let config = Configuration.laminar(apiKey: "lmnr-key")
        let settings = try otlpSettings(config)
        #expect(settings.tracesURL == "https://api.lmnr.ai:443/v1/traces")
        #expect(settings.headers == ["Authorization": "Bearer lmnr-key"])
        #expect(config.conventions == [.laminar])
        #expect(config.serviceName == "unknown_service:swift")

        let selfHosted = try otlpSettings(.laminar(apiKey: "k", baseURL: "http://localhost:8000"))
        #expect(selfHosted.tracesURL == "http://localhost:8000/v1/traces")
    }

    @Test func langfuse() throws {
        let config = Configuration.langfuse(publicKey: "pk-lf-1", secretKey: "sk-lf-1", serviceName: "chat")
        let settings = try otlpSettings(config)
        #expect(settings.tracesURL == "https://cloud.langfuse.com/api/public/otel/v1/traces")
        // `echo -n pk-lf-1:sk-lf-1 | base64`
        #expect(settings.headers == ["Authorization": "Basic cGstbGYtMTpzay1sZi0x", "x-langfuse-ingestion-version": "4"])
        #expect(config.conventions == [.langfuse])
        #expect(config.serviceName == "chat")

        let us = try otlpSettings(.langfuse(publicKey: "p", secretKey: "s", host: "https://us.cloud.langfuse.com/"))
        #expect(us.tracesURL == "https://us.cloud.langfuse.com/api/public/otel/v1/traces")
    }

    /// What a Langfuse server receives from the preset: the path, the Basic credentials, and
    /// spans under Langfuse's keys.
    @Test(.timeLimit(.minutes(1)))
    func langfusePresetSendsThePathAndAuthorizationToTheServer() async throws {
        let requests = try await FakeOTLPReceiver.with { server in
            var config = Configuration.langfuse(publicKey: "pk-lf-abc", secretKey: "sk-lf-xyz", host: server.baseURL + "/",
                                                serviceName: "chat")
            config.batch = .init(scheduleDelay: .milliseconds(10))
            let sdk = Sightline(config)
            sdk.withTrace("handle-message", metadata: TraceMetadata(userId: "u-1")) { _ in
                sdk.withSpan("chat", type: .llm) { span in span.model = "gpt-4o" }
            }
            await sdk.flush()
            await sdk.shutdown(timeout: .seconds(5))
            return server.requests
        }
        let request = try #require(requests.first)
        #expect("\(request.method)" == "POST" && request.uri == "/api/public/otel/v1/traces")
        // `echo -n pk-lf-abc:sk-lf-xyz | base64`
        #expect(request.headers["authorization"] == ["Basic cGstbGYtYWJjOnNrLWxmLXh5eg=="])
        #expect(request.headers["x-langfuse-ingestion-version"] == ["4"])
        #expect(request.headers["content-type"] == ["application/x-protobuf"])
        let spans = try requests.flatMap { try OTLPProtobufDecoder().decode($0.body).spans }
        let span = try #require(spans.first { $0.name == "chat" })
        let attributes = [String: AttributeValue](span.attributes.map { ($0.key, $0.value) },
                                                  uniquingKeysWith: { first, _ in first })
        #expect(attributes["langfuse.observation.type"] == "generation")
        #expect(attributes["langfuse.observation.model.name"] == "gpt-4o")
        #expect(attributes["langfuse.user.id"] == "u-1")
    }

    @Test func phoenix() throws {
        let config = Configuration.phoenix(project: "support-bot", serviceName: "chat")
        let settings = try otlpSettings(config)
        #expect(settings.tracesURL == "http://localhost:6006/v1/traces")
        #expect(settings.headers.isEmpty)
        #expect(config.conventions == [.openInference])
        #expect(resourceValue(config, "openinference.project.name") == "support-bot")
        #expect(resourceValue(config, "service.name") == "chat")

        let withKey = try otlpSettings(.phoenix(endpoint: "https://phoenix.example.com", apiKey: "px"))
        #expect(withKey.tracesURL == "https://phoenix.example.com/v1/traces")
        #expect(withKey.headers == ["Authorization": "Bearer px"])
        #expect(resourceValue(.phoenix(), "openinference.project.name") == "default")
    }

    @Test func anyOTLPEndpoint() throws {
        let config = Configuration.otlp(endpoint: "http://collector:4318", headers: ["x-tenant": "acme"], compression: .gzip,
                                        serviceName: "chat")
        let settings = try otlpSettings(config)
        #expect(settings.tracesURL == "http://collector:4318/v1/traces")
        #expect(settings.headers == ["x-tenant": "acme"])
        #expect(settings.compression == .gzip)
        #expect(config.conventions == [.genAI])
        #expect(try otlpSettings(.otlp()).tracesURL == "http://localhost:4318/v1/traces")
    }

    @Test func localCollector() throws {
        let config = Configuration.local()
        #expect(try otlpSettings(config).tracesURL == "http://127.0.0.1:4318/v1/traces")
        #expect(try otlpSettings(.local(port: 9999)).tracesURL == "http://127.0.0.1:9999/v1/traces")
        #expect(try otlpSettings(.local(baseURL: "http://collector.internal:4318/")).tracesURL
                    == "http://collector.internal:4318/v1/traces")
        #expect(config.conventions == [.genAI])
    }

    @Test func theREADMEExampleAddsAConventionToAPreset() {
        let key = "sk-readme"
        // As in the README's "Exporting over OTLP".
        var config = Configuration.langWatch(apiKey: key, serviceName: "chat-service")
        config.conventions.append(.genAI)   // a preset is an ordinary Configuration
        #expect(config.conventions == [.langWatch, .genAI])
        #expect(config.serviceName == "chat-service")

        // And its Langfuse example.
        let langfuse = Configuration.langfuse(publicKey: "pk-lf-1234", secretKey: "sk-lf-5678",
                                              host: "https://us.cloud.langfuse.com", serviceName: "chat-service")
        guard case .otlp(let settings) = langfuse.exporter else { Issue.record("not OTLP"); return }
        #expect(settings.tracesURL == "https://us.cloud.langfuse.com/api/public/otel/v1/traces")
        #expect(settings.headers["Authorization"] == "Basic " + "cGstbGYtMTIzNDpzay1sZi01Njc4")
        #expect(langfuse.conventions == [.langfuse])
    }

    @Test func presetsRegisterTheExporterSoTheSDKNeedsNoOtherStep() async throws {
        let warnings = WarningLog()
        var config = Configuration.laminar(apiKey: "k", baseURL: "http://127.0.0.1:9")
        config.warningHandler = { warnings.append($0) }
        let sdk = Sightline(config)
        await sdk.shutdown(timeout: .seconds(5))
        #expect(!warnings.all.contains { $0.contains("SightlineOTLP") || $0.contains("console") }, "\(warnings.all)")
    }

    @Test func theEnvironmentPicksTheSameEndpointsAsThePresets() throws {
        let langWatch = Configuration.fromEnvironment(environment: ["LANGWATCH_API_KEY": "k1"])
        #expect(try otlpSettings(langWatch) == otlpSettings(.langWatch(apiKey: "k1")))
        let langWatchSelfHosted = Configuration.fromEnvironment(environment: [
            "LANGWATCH_API_KEY": "k1", "LANGWATCH_ENDPOINT": "http://lw.internal:5560",
        ])
        #expect(try otlpSettings(langWatchSelfHosted) == otlpSettings(.langWatch(apiKey: "k1", endpoint: "http://lw.internal:5560")))

        let laminar = Configuration.fromEnvironment(environment: ["LMNR_PROJECT_API_KEY": "k2"])
        #expect(try otlpSettings(laminar) == otlpSettings(.laminar(apiKey: "k2")))
        let laminarSelfHosted = Configuration.fromEnvironment(environment: [
            "LMNR_PROJECT_API_KEY": "k2", "LMNR_BASE_URL": "http://localhost:8000",
        ])
        #expect(try otlpSettings(laminarSelfHosted) == otlpSettings(.laminar(apiKey: "k2", baseURL: "http://localhost:8000")))

        let langfuse = Configuration.fromEnvironment(environment: ["LANGFUSE_PUBLIC_KEY": "pk", "LANGFUSE_SECRET_KEY": "sk"])
        #expect(try otlpSettings(langfuse) == otlpSettings(.langfuse(publicKey: "pk", secretKey: "sk")))
        let langfuseSelfHosted = Configuration.fromEnvironment(environment: [
            "LANGFUSE_PUBLIC_KEY": "pk", "LANGFUSE_SECRET_KEY": "sk", "LANGFUSE_HOST": "http://localhost:3000",
        ])
        #expect(try otlpSettings(langfuseSelfHosted)
                    == otlpSettings(.langfuse(publicKey: "pk", secretKey: "sk", host: "http://localhost:3000")))
    }
}
