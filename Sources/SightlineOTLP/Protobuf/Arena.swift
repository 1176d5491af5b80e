/// A bump allocator: memory is handed out by moving a cursor and given back all at once.
///
/// The encoder builds every protobuf-c struct, pointer array and string of a batch in an
/// arena, and the decoder gives one to protobuf-c as its allocator, so neither pays a
/// `malloc` per span or per field. After ``reset()`` the memory is reused: once an arena has
/// grown to the size of a typical batch, encoding that batch allocates nothing.
///
/// Every block is 8-byte aligned, enough for any protobuf-c struct. The arena is a plain
/// struct reached through an `UnsafeMutablePointer` by its owner, so the hot path pays no
/// exclusivity checks (a class stored property would).
package struct Arena {
    /// Where the next block starts, in the current chunk.
    private var cursor: UnsafeMutableRawPointer
    /// The end of the current chunk.
    private var end: UnsafeMutableRawPointer
    /// Every chunk, the current one last.
    private var chunks: [(start: UnsafeMutableRawPointer, capacity: Int)]
    /// Bytes handed out since the last reset, counted against ``limit``.
    package private(set) var allocatedBytes = 0
    /// The most ``allocate(withinLimit:)`` hands out between two resets.
    private let limit: Int
    /// True once ``allocate(withinLimit:)`` refused a request since the last reset.
    package private(set) var limitWasExceeded = false

    private static let alignment = 8
    /// A single chunk this large or smaller survives ``reset()``; bigger ones are given back,
    /// so one huge batch does not pin its memory for the owner's lifetime.
    private static let retainedCapacity = 16 << 20

    package init(initialCapacity: Int, limit: Int = .max) {
        let capacity = max(Self.round(initialCapacity), 4096)
        let start = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        cursor = start
        end = start + capacity
        chunks = [(start, capacity)]
        self.limit = limit
    }

    /// Frees every chunk. The arena must not be used afterwards.
    package mutating func deallocateAll() {
        for chunk in chunks { chunk.start.deallocate() }
        chunks = []
    }

    private static func round(_ byteCount: Int) -> Int {
        (byteCount + alignment - 1) & ~(alignment - 1)
    }

    /// An uninitialized block of `byteCount` bytes, 8-byte aligned, valid until ``reset()``.
    /// Zero bytes yields a valid, non-null pointer.
    @inline(__always)
    package mutating func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let rounded = Self.round(byteCount)
        allocatedBytes &+= rounded
        if end - cursor >= rounded {
            let block = cursor
            cursor += rounded
            return block
        }
        return allocateInNewChunk(rounded)
    }

    /// Like ``allocate(_:)``, but returns nil (and remembers it) when the block would take
    /// the bytes handed out since the last reset past ``limit``.
    package mutating func allocate(withinLimit byteCount: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= 0, byteCount <= limit - allocatedBytes else {
            limitWasExceeded = true
            return nil
        }
        return allocate(byteCount)
    }

    /// Uninitialized storage for `count` values of `type`.
    @inline(__always)
    package mutating func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        allocate(MemoryLayout<T>.stride * count).bindMemory(to: type, capacity: count)
    }

    @inline(never)
    private mutating func allocateInNewChunk(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let capacity = max(byteCount, chunks.last!.capacity * 2)
        let start = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        chunks.append((start, capacity))
        cursor = start + byteCount
        end = start + capacity
        return start
    }

    /// Makes all memory available again; every pointer handed out before becomes invalid.
    /// Chunks added since the last reset are merged into one, so the next batch of the same
    /// size fits without growing.
    package mutating func reset() {
        allocatedBytes = 0
        limitWasExceeded = false
        if chunks.count == 1 && chunks[0].capacity <= Self.retainedCapacity {
            cursor = chunks[0].start
            return
        }
        let total = chunks.reduce(0) { $0 + $1.capacity }
        deallocateAll()
        let capacity = min(total, Self.retainedCapacity)
        let start = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        chunks = [(start, capacity)]
        cursor = start
        end = start + capacity
    }
}
