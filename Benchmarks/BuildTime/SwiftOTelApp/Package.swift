// swift-tools-version:6.2
import PackageDescription

// The same tiny app as ../SightlineApp, written with swift-otel as its README shows (the package
// with its default traits, `OTel.bootstrap` run in a ServiceGroup, the Tracing API). Built from clean by
// Scripts/measure-build-time.sh.
let package = Package(
    name: "SwiftOTelApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .executableTarget(name: "SwiftOTelApp", dependencies: [
            .product(name: "OTel", package: "swift-otel"),
            .product(name: "Tracing", package: "swift-distributed-tracing"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
