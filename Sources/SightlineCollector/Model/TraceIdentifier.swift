import Sightline

/// The text form under which the collector stores and looks up a trace id.
///
/// OTLP trace ids (16 bytes) are stored as 32 lowercase hex digits. The same id written as a
/// UUID (Laminar's form) or in upper case reads as that hex form, so a post-hoc patch finds its
/// trace whichever form the sender used. Any other string (a REST sender's own id such as
/// `trace-123`) is kept exactly as given.
public enum TraceIdentifier {
    /// `raw` as the collector stores it: UUID → hex, hex → lowercase hex, anything else unchanged.
    /// - Parameter raw: a trace id as a sender wrote it.
    public static func canonical(_ raw: String) -> String {
        if raw.utf8.count == 32 {
            if raw.utf8.allSatisfy(isLowercaseHexDigit) { return raw }
            if let id = TraceID(hex: raw) { return id.hex }
        }
        if raw.utf8.count == 36, let id = TraceID(uuidString: raw) { return id.hex }
        return raw
    }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }
}
