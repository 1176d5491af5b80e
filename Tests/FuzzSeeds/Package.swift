// swift-tools-version:6.1
import PackageDescription

// Writes the OTLP seeds of Tests/Fuzz/Corpus/ with the SDK's encoders. A package apart from
// Tests/Fuzz, whose executables are all linked with libFuzzer's `main`: an ordinary program
// beside them would define `main` twice.
//   swift run --package-path Tests/FuzzSeeds --scratch-path .build-fuzz-seeds MakeSeeds Tests/Fuzz/Corpus
let package = Package(
    name: "SightlineFuzzSeeds",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sightline", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "MakeSeeds", dependencies: [
            .product(name: "Sightline", package: "Sightline"),
            .product(name: "SightlineOTLP", package: "Sightline"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
