/// Storage for the text and BLOB parameters bound to one statement until it has run.
///
/// Bound as `SQLITE_TRANSIENT`, SQLite copies each value into an allocation of its own and
/// frees it at the next reset: two allocations and a copy per string per row, behind its
/// allocator's mutex. Bound as `SQLITE_STATIC` from here, a value costs one copy into chunks
/// that are kept and reused for every row. Chunks never move, so a value stays where it was
/// bound until ``reset()``, which the statement calls only after it has stepped and cleared
/// its bindings.
final class ParameterBytes {
    private static let chunkSize = 16 * 1024
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    /// Values larger than a chunk, each in an allocation of its own, freed at reset.
    private var large: [UnsafeMutableRawBufferPointer] = []
    private var chunk = 0
    private var used = 0

    /// A copy of `bytes` that stays valid until ``reset()``.
    func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer {
        let count = bytes.count
        if count > Self.chunkSize {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
            buffer.copyMemory(from: bytes)
            large.append(buffer)
            return UnsafeRawPointer(buffer.baseAddress!)
        }
        if chunks.isEmpty || used + count > Self.chunkSize {
            if !chunks.isEmpty { chunk += 1 }
            if chunk == chunks.count {
                chunks.append(.allocate(byteCount: Self.chunkSize, alignment: 1))
            }
            used = 0
        }
        let destination = chunks[chunk].baseAddress! + used
        if let source = bytes.baseAddress { destination.copyMemory(from: source, byteCount: count) }
        used += count
        return UnsafeRawPointer(destination)
    }

    /// Makes every chunk available again; values copied before are no longer valid.
    func reset() {
        chunk = 0
        used = 0
        for buffer in large { buffer.deallocate() }
        large.removeAll(keepingCapacity: true)
    }

    deinit {
        for buffer in chunks { buffer.deallocate() }
        for buffer in large { buffer.deallocate() }
    }
}
