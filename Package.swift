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
    ],
    dependencies: [
        // For SightlineOTLP only: the core `Sightline` target depends on none of these.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        .target(name: "Sightline"),
        .testTarget(name: "SightlineTests", dependencies: ["Sightline", "ChatServiceExample"]),

        // MARK: C encoder (libprotobuf-c)
        .systemLibrary(name: "CProtobufC", path: "Sources/CProtobufC", pkgConfig: "libprotobuf-c", providers: [.apt(["libprotobuf-c-dev"])]),
        .target(name: "COTLP", dependencies: ["CProtobufC"], path: "Sources/COTLP"),
        .target(name: "SightlineOTLP", dependencies: [
            "Sightline", "COTLP", "CProtobufC",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ]),
        .testTarget(name: "SightlineOTLPTests", dependencies: [
            "SightlineOTLP",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ], exclude: ["Interop"]),

        // MARK: Examples
        .target(name: "ChatServiceExample", dependencies: ["Sightline"], path: "Examples/ChatServiceExample"),
        .executableTarget(name: "ChatService", dependencies: ["ChatServiceExample", "Sightline", "SightlineOTLP"], path: "Examples/ChatService"),
        .executableTarget(name: "QuickStart", dependencies: ["Sightline"], path: "Examples/QuickStart"),

        // MARK: Benchmarks
        .executableTarget(name: "SightlineBenchmarks", dependencies: ["Sightline"], path: "Benchmarks/SightlineBenchmarks"),
    ],
    swiftLanguageModes: [.v6]
)
