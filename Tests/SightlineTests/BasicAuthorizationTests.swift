import Testing
@testable import Sightline

/// The `Authorization: Basic` value Langfuse's OTLP endpoint takes.
@Suite struct BasicAuthorizationTests {
    @Test func encodesUserAndPasswordInBase64() {
        // RFC 7617's example, and every padding length.
        #expect(BasicAuthorization.headerValue(user: "Aladdin", password: "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        #expect(BasicAuthorization.base64(Array("f".utf8)) == "Zg==")
        #expect(BasicAuthorization.base64(Array("fo".utf8)) == "Zm8=")
        #expect(BasicAuthorization.base64(Array("foo".utf8)) == "Zm9v")
        #expect(BasicAuthorization.base64([0xFF, 0xFE, 0xFD, 0x00]) == "//79AA==")
        #expect(BasicAuthorization.headerValue(user: "pk-lf-é", password: "") == "Basic cGstbGYtw6k6")
    }
}
