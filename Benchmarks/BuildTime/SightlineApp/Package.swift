// swift-tools-version:6.1
import PackageDescription

// A tiny app that traces and exports OTLP/HTTP with Sightline. It exists to be built from clean
// by Scripts/measure-build-time.sh beside the same app written with swift-otel (../SwiftOTelApp).
let package = Package(
    name: "SightlineApp",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sightline", path: "../../.."),
    ],
    targets: [
        .executableTarget(name: "SightlineApp", dependencies: [
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineOTLP", package: "Sightline"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
