import Synchronization

/// Lets a bridge to another task-local context (swift-distributed-tracing's) take part in
/// finding the active span, so spans started on either side nest under each other.
///
/// Installed at most once per process, by the bridge. It receives the span in Sightline's own
/// slot and returns the active span.
package final class ActiveSpanResolver: Sendable {
    package let resolve: @Sendable (_ local: Span?) -> Span?

    package init(_ resolve: @escaping @Sendable (_ local: Span?) -> Span?) {
        self.resolve = resolve
    }

    /// The span in Sightline's own task-local slot, without asking the resolver.
    package static var localSpan: Span? { ActiveSpan.slot.get() }

    /// The installed resolver's address (0 for none). It is retained for the life of the
    /// process, so readers never take a reference.
    private static let storage = Atomic<UInt>(0)

    /// Installs `resolver` unless one is installed already; returns whether it was installed.
    @discardableResult
    package static func install(_ resolver: ActiveSpanResolver) -> Bool {
        let unmanaged = Unmanaged.passRetained(resolver)
        let installed = storage.compareExchange(expected: 0, desired: UInt(bitPattern: unmanaged.toOpaque()),
                                                ordering: .acquiringAndReleasing).exchanged
        if !installed { unmanaged.release() }
        return installed
    }

    @inline(__always)
    static var isInstalled: Bool { storage.load(ordering: .relaxed) != 0 }

    /// Kept out of line, so the path without a resolver saves no registers for this call.
    @inline(never)
    static func resolveWithInstalled(_ local: consuming Span?) -> Span? {
        guard let address = UnsafeRawPointer(bitPattern: storage.load(ordering: .acquiring)) else { return local }
        return Unmanaged<ActiveSpanResolver>.fromOpaque(address).takeUnretainedValue().resolve(local)
    }
}
