// swift-tools-version:6.1
import PackageDescription

// Benchmarks that compare Sightline with other Swift libraries. A package of its own, so that
// the library never depends on what it is compared with.
//   swift run -c release --package-path Benchmarks/Comparison EncodingComparison
//   swift run -c release --package-path Benchmarks/Comparison ExportThroughput [spans] [queue size]
//   swift build -c release --package-path Benchmarks/Comparison --product AllocationCounter
//   swift run -c release --package-path Benchmarks/Comparison AgainstSwiftOTel
let package = Package(
    name: "SightlineComparison",
    platforms: [.macOS(.v15)],
    products: [
        // Preloaded (LD_PRELOAD) by AgainstSwiftOTel into a second run of itself to count allocations;
        // never linked, so the timed run uses the system allocator untouched.
        .library(name: "AllocationCounter", type: .dynamic, targets: ["AllocationCounter"]),
    ],
    dependencies: [
        .package(name: "Sightline", path: "../.."),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        // The peer for AgainstSwiftOTel. Only its OTLP/HTTP exporter is compared, so the gRPC trait is left off.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // protoc-gen-swift output for Protos/ (committed; Scripts/generate-swift-protobuf.sh regenerates it).
        .target(name: "OTLPSwiftProtobuf", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .executableTarget(name: "EncodingComparison", dependencies: [
            "OTLPSwiftProtobuf",
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineOTLP", package: "Sightline"),
        ]),
        .executableTarget(name: "ExportThroughput", dependencies: [
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineOTLP", package: "Sightline"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .target(name: "AllocationCounter"),
        .executableTarget(name: "AgainstSwiftOTel", dependencies: [
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineOTLP", package: "Sightline"),
            .product(name: "OTel", package: "swift-otel"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
