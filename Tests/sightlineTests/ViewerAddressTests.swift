import Testing
@testable import sightline

/// The address `sightline serve` prints for the viewer is one a browser on this machine opens.
struct ViewerAddressTests {
    @Test func wildcardsBecomeLoopbackAndIPv6IsBracketed() {
        #expect(ViewerAddress.url(host: "127.0.0.1", port: 4318) == "http://127.0.0.1:4318/")
        #expect(ViewerAddress.url(host: "0.0.0.0", port: 80) == "http://127.0.0.1:80/")
        #expect(ViewerAddress.url(host: "::", port: 4318) == "http://127.0.0.1:4318/")
        #expect(ViewerAddress.url(host: "::1", port: 4318) == "http://[::1]:4318/")
        #expect(ViewerAddress.url(host: "collector.local", port: 9000) == "http://collector.local:9000/")
    }
}
