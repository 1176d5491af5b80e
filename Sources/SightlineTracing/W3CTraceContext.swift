import Sightline

/// The W3C Trace Context headers, `traceparent` and `tracestate`, as plain functions.
///
/// Parsing never traps: a malformed `traceparent` gives nil (the receiver then starts a trace of
/// its own, as the W3C recommendation says), and a malformed `tracestate` is dropped while the
/// `traceparent` is kept.
public enum W3CTraceContext {
    /// The name of the header that names the caller's span.
    public static let traceparentHeader = "traceparent"
    /// The name of the header that carries vendor-specific trace state.
    public static let tracestateHeader = "tracestate"

    /// The `traceparent` value for `context`: `00-<trace id>-<span id>-<flags>`.
    /// - Parameter context: the span to continue.
    public static func traceparent(_ context: SpanContext) -> String {
        let flags = context.isSampled ? "01" : "00"
        return "00-\(context.traceId.hex)-\(context.spanId.hex)-\(flags)"
    }

    /// Reads a caller's span from its headers.
    ///
    /// - Parameters:
    ///   - traceparent: the `traceparent` header's value.
    ///   - tracestate: the `tracestate` header's value, if any.
    /// - Returns: a remote context (`SpanContext.isRemote` true) whose `traceState` is the
    ///   validated `tracestate`, or nil when `traceparent` is malformed, has an unknown
    ///   version `ff`, or carries all-zero ids.
    public static func parse(traceparent: String, tracestate: String? = nil) -> SpanContext? {
        guard let (traceId, spanId, flags) = parseTraceparent(traceparent) else { return nil }
        return SpanContext(traceId: traceId, spanId: spanId, isSampled: flags & 0x01 != 0,
                           traceState: tracestate.flatMap(validTracestate) ?? "", isRemote: true)
    }

    /// The `tracestate` value with empty members removed, or nil when it breaks the W3C
    /// grammar: a malformed key or value, a repeated key, or more than 32 members.
    /// - Parameter header: the `tracestate` header's value.
    public static func validTracestate(_ header: String) -> String? {
        var members: [Substring] = []
        var keys: Set<Substring> = []
        for rawMember in header.split(separator: ",", omittingEmptySubsequences: false) {
            let member = rawMember.trimmingOptionalWhitespace()
            if member.isEmpty { continue }
            guard let equals = member.firstIndex(of: "=") else { return nil }
            let key = member[..<equals]
            let value = member[member.index(after: equals)...]
            guard isTracestateKey(key), isTracestateValue(value), keys.insert(key).inserted else { return nil }
            members.append(member)
            guard members.count <= maxTracestateMembers else { return nil }
        }
        return members.joined(separator: ",")
    }

    static let maxTracestateMembers = 32

    // MARK: traceparent

    private static func parseTraceparent(_ header: String) -> (TraceID, SpanID, UInt8)? {
        let bytes = Array(Array(header.utf8)[...].trimmingOptionalWhitespace())
        // version(2) - trace-id(32) - parent-id(16) - flags(2): 55 bytes. A later version may
        // append fields after another dash; version 00 may not.
        guard bytes.count >= 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash,
              let version = lowercaseHex(bytes[0..<2]), version != 0xFF else { return nil }
        if version == 0 {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != dash {
            return nil
        }
        guard let traceHigh = lowercaseHex(bytes[3..<19]), let traceLow = lowercaseHex(bytes[19..<35]),
              let spanValue = lowercaseHex(bytes[36..<52]), let flags = lowercaseHex(bytes[53..<55]) else { return nil }
        let traceId = TraceID(high: traceHigh, low: traceLow)
        let spanId = SpanID(spanValue)
        guard traceId.isValid, spanId.isValid else { return nil }
        return (traceId, spanId, UInt8(flags))
    }

    private static let dash = UInt8(ascii: "-")

    /// The value of at most 16 lowercase hex digits; uppercase is not valid in `traceparent`.
    private static func lowercaseHex(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    // MARK: tracestate grammar

    /// `simple-key` or `tenant-id@system-id`: lowercase letters, digits and `_ - * /`.
    private static func isTracestateKey(_ key: Substring) -> Bool {
        let bytes = Array(key.utf8)
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            let tenant = bytes[..<at]
            let system = bytes[(at + 1)...]
            return (1...241).contains(tenant.count) && (1...14).contains(system.count)
                && isLowercaseLetterOrDigit(tenant.first!) && isKeyCharacter(system.first!, first: true)
                && tenant.allSatisfy { isKeyCharacter($0, first: false) }
                && system.allSatisfy { isKeyCharacter($0, first: false) }
        }
        return (1...256).contains(bytes.count) && isKeyCharacter(bytes[0], first: true)
            && bytes.allSatisfy { isKeyCharacter($0, first: false) }
    }

    private static func isKeyCharacter(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "*"),
             UInt8(ascii: "/"):
            return !first
        default: return false
        }
    }

    private static func isLowercaseLetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Printable ASCII except `,` and `=`, at most 256 characters, not ending in a space.
    private static func isTracestateValue(_ value: Substring) -> Bool {
        let bytes = value.utf8
        guard (1...256).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: "=") }
    }
}
