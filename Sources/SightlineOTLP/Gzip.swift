import CompressNIO
import NIOCore

/// gzip (RFC 1952) through zlib, by way of compress-nio.
enum Gzip {
    /// `bytes` compressed into one gzip member.
    static func compress(_ bytes: ByteBuffer) throws(OTLPExportError) -> ByteBuffer {
        var input = bytes
        do {
            return try input.compress(with: .gzip())
        } catch {
            throw .compressionFailed("\(error)")
        }
    }
}
