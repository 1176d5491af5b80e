// swift-tools-version:6.1
import PackageDescription

// Benchmarks that compare Sightline with other Swift libraries. A package of its own, so that
// the library never depends on what it is compared with.
//   swift run -c release --package-path Benchmarks/Comparison EncodingComparison
//   swift run -c release --package-path Benchmarks/Comparison ExportThroughput [spans] [queue size]
let package = Package(
    name: "SightlineComparison",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sightline", path: "../.."),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
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
    ],
    swiftLanguageModes: [.v6]
)
