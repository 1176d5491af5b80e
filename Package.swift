// swift-tools-version:6.1
import PackageDescription

// The core `Sightline` module depends on nothing outside the toolchain: an app that only
// traces and prints builds in seconds. Heavier dependencies belong to the modules that need them.
let package = Package(
    name: "Sightline",
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11)],
    products: [
        .library(name: "Sightline", targets: ["Sightline"]),
        .library(name: "SightlineOTLP", targets: ["SightlineOTLP"]),
        .library(name: "SightlineOTLPDecoding", targets: ["SightlineOTLPDecoding"]),
        .library(name: "SightlineTracing", targets: ["SightlineTracing"]),
        .library(name: "SightlineCollector", targets: ["SightlineCollector"]),
        .executable(name: "sightline", targets: ["sightline"]),
    ],
    dependencies: [
        // For the collector, the examples and the tests; neither `Sightline` nor `SightlineOTLP`
        // depends on these (the exporter sends through Foundation's URLSession and zlib).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        // For SightlineTracing only.
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // For SightlineCollector and the `sightline` tool only.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Tooling only: its command plugin runs `swift package generate-documentation`
        // (Scripts/build-docs.sh). No target depends on it, so it adds no code to a user's build.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(name: "Sightline"),
        .testTarget(name: "SightlineTests", dependencies: ["Sightline", "SightlineTesting", "ChatServiceExample"]),

        // MARK: Test support shared by the test targets
        // Not a product: it holds this package's test conventions (SIGHTLINE_TEST_TIME_SCALE,
        // SIGHTLINE_TEST_SEED) and a fake OTLP receiver on swift-nio, which apps should not take
        // on as API or as a dependency; the in-memory exporter apps test with ships in `Sightline`.
        .target(name: "SightlineTesting", dependencies: [
            "Sightline",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),

        // MARK: C protobuf codec: protoc-c's structs for the trace schema, packed by
        // otlp_trace_pack.c (COTLP) and unpacked by libprotobuf-c's generated `unpack`
        .systemLibrary(name: "CProtobufC", path: "Sources/CProtobufC", pkgConfig: "libprotobuf-c", providers: [.apt(["libprotobuf-c-dev"])]),
        .target(name: "COTLP", dependencies: ["CProtobufC"], path: "Sources/COTLP"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The OTLP/HTTP exporter and SightlineClient: the toolchain's Foundation, zlib and the
        // system's libprotobuf-c runtime only, so an app that exports spans compiles no
        // third-party package.
        .target(name: "SightlineOTLP", dependencies: ["Sightline", "COTLP", "CProtobufC", "CZlib"]),
        // Receiving OTLP: the binary and JSON decoders the collector uses. Apart from
        // SightlineOTLP so that an app that only exports compiles none of it.
        .target(name: "SightlineOTLPDecoding", dependencies: ["Sightline", "SightlineOTLP", "COTLP", "CProtobufC"]),
        .testTarget(name: "SightlineOTLPTests", dependencies: [
            "SightlineOTLP", "SightlineOTLPDecoding", "SightlineTesting",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ], exclude: ["Interop"]),

        // MARK: swift-distributed-tracing, swift-log and service-lifecycle bridge
        .target(name: "SightlineTracing", dependencies: [
            "Sightline",
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "SightlineTracingTests", dependencies: [
            "Sightline", "SightlineTracing",
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),

        // MARK: Local collector and the `sightline` tool
        .target(name: "SightlineCollector", dependencies: [
            "Sightline", "SightlineOTLP", "SightlineOTLPDecoding",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            // The ClickHouse store's HTTP client.
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "SightlineCollectorTests", dependencies: [
            "SightlineCollector", "SightlineOTLP", "SightlineOTLPDecoding", "SightlineTesting",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["ClickHouse/chdb_http.py"]),
        .executableTarget(name: "sightline", dependencies: [
            "SightlineCollector", "SightlineOTLP", "ChatServiceExample", "Sightline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "sightlineTests", dependencies: ["sightline", "SightlineCollector", "Sightline"]),
        // The web viewer in a real browser (issue 17): `sightline serve`, Chromium driven by Selenium.
        .testTarget(name: "SightlineViewerTests", dependencies: [
            "Sightline", "SightlineOTLP", "SightlineCollector", "sightline", "SightlineTesting",
        ], exclude: ["Browser"]),

        // MARK: Reliability: faults, outages, crash safety, hostile input (issue 7)
        .testTarget(name: "SightlineReliabilityTests", dependencies: [
            "Sightline", "SightlineOTLP", "SightlineOTLPDecoding", "SightlineCollector", "sightline", "SightlineTesting",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),

        // MARK: Examples
        .target(name: "ChatServiceExample", dependencies: ["Sightline"], path: "Examples/ChatServiceExample"),
        .executableTarget(name: "ChatService", dependencies: ["ChatServiceExample", "Sightline", "SightlineOTLP"], path: "Examples/ChatService"),
        .executableTarget(name: "QuickStart", dependencies: ["Sightline"], path: "Examples/QuickStart"),
        .executableTarget(name: "StreamingChat", dependencies: ["Sightline"], path: "Examples/StreamingChat"),
        .executableTarget(name: "PushMetadata", dependencies: ["Sightline", "SightlineOTLP"], path: "Examples/PushMetadata"),
        .executableTarget(name: "TracedLLMServer", dependencies: [
            "Sightline", "SightlineTracing", "SightlineOTLP",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Examples/TracedLLMServer"),

        // MARK: Benchmarks
        .executableTarget(name: "SightlineBenchmarks", dependencies: ["Sightline"], path: "Benchmarks/SightlineBenchmarks"),
        // The OTLP/JSON decoder's cursor against JSONValue(parsing:) (README, "Codecs").
        .executableTarget(name: "JSONReaderBenchmark", dependencies: ["Sightline", "SightlineOTLP", "SightlineOTLPDecoding"],
                          path: "Benchmarks/JSONReaderBenchmark"),
        .executableTarget(name: "CollectorBenchmarks", dependencies: ["SightlineCollector", "Sightline"], path: "Benchmarks/CollectorBenchmarks"),
    ],
    swiftLanguageModes: [.v6]
)
