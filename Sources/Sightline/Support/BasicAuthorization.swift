/// The value of an HTTP `Authorization` header for Basic authentication (RFC 7617):
/// `Basic ` and the base64 of `user:password` in UTF-8. Langfuse authenticates OTLP
/// requests this way, with the public key as user and the secret key as password.
public enum BasicAuthorization {
    /// `Basic base64(user:password)`.
    /// - Parameters:
    ///   - user: the user (Langfuse: the public key).
    ///   - password: the password (Langfuse: the secret key).
    public static func headerValue(user: String, password: String) -> String {
        "Basic " + base64(Array((user + ":" + password).utf8))
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 (RFC 4648 §4) with `=` padding.
    static func base64(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let remaining = bytes.count - index
            let group = UInt32(bytes[index]) << 16
                | (remaining > 1 ? UInt32(bytes[index + 1]) << 8 : 0)
                | (remaining > 2 ? UInt32(bytes[index + 2]) : 0)
            output.append(alphabet[Int(group >> 18 & 63)])
            output.append(alphabet[Int(group >> 12 & 63)])
            output.append(remaining > 1 ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }
}
