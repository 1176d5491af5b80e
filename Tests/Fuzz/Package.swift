// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets over the collector's request handling, kept out of the root package so
// its build and test suite are untouched. Build and run them with Scripts/fuzz.sh, which
// passes `--sanitize fuzzer --sanitize address` so that the code under test is instrumented too.
let package = Package(
    name: "SightlineFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sightline", path: "../.."),
    ],
    targets: [
        // Each target's one file defines `LLVMFuzzerTestOneInput`; libFuzzer supplies `main`.
        .executableTarget(name: "FuzzOTLPProtobuf", dependencies: [
            .product(name: "SightlineOTLP", package: "Sightline"),
            .product(name: "SightlineOTLPDecoding", package: "Sightline"),
            .product(name: "SightlineCollector", package: "Sightline"),
        ]),
        .executableTarget(name: "FuzzOTLPJSON", dependencies: [
            .product(name: "SightlineOTLP", package: "Sightline"),
            .product(name: "SightlineOTLPDecoding", package: "Sightline"),
            .product(name: "SightlineCollector", package: "Sightline"),
        ]),
        .executableTarget(name: "FuzzCollectorJSON", dependencies: [
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineCollector", package: "Sightline"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
