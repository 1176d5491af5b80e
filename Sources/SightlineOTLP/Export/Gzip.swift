import CZlib

/// gzip (RFC 1952) through the system's zlib.
enum Gzip {
    /// `input` compressed into one gzip member.
    static func compress(_ input: [UInt8]) throws(OTLPExportError) -> [UInt8] {
        var stream = z_stream()
        // Window bits 15 + 16: deflate with a gzip header and trailer instead of zlib's.
        let initStatus = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                       ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw .compressionFailed("zlib deflateInit2 returned \(initStatus)") }
        defer { deflateEnd(&stream) }

        // deflateBound is the most a single Z_FINISH can write, so one call always finishes.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw .compressionFailed("zlib deflate returned \(status)") }
        output.removeLast(Int(stream.avail_out))
        return output
    }
}
