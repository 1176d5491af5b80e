import Sightline

/// The OTLP `flags` field of spans and links.
///
/// Bits 0–7 carry the W3C trace flags (`0x01` sampled). Bit 8 says that bit 9 is known, and
/// bit 9 says whether the context it describes is remote: the span's parent for a span, the
/// linked span for a link. Sightline always knows, so bit 8 is always set.
package enum SpanFlags {
    package static let hasIsRemote: UInt32 = 0x100
    package static let isRemote: UInt32 = 0x200

    /// The flags of a span: its own trace flags, and whether its parent came from another
    /// process (a span with a parent that is a local root has a remote parent).
    @inline(__always)
    package static func span(traceFlags: UInt8, parent: SpanID?, isLocalRoot: Bool) -> UInt32 {
        let parentIsRemote = isLocalRoot && parent != nil
        return UInt32(traceFlags) | hasIsRemote | (parentIsRemote ? isRemote : 0)
    }

    /// The flags of a link to `context`.
    package static func of(link context: SpanContext) -> UInt32 {
        UInt32(context.traceFlags) | hasIsRemote | (context.isRemote ? isRemote : 0)
    }
}
