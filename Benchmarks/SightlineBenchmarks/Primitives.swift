import Sightline
import Synchronization

/// What the platform charges for the operations a span cannot avoid. These bound the design:
/// a recorded span reads the clock twice and pushes a task-local value once.
enum Primitives {
    private final class Box: Sendable {}
    private enum Slot { @TaskLocal static var value: Box? }
    private static let iterations = 2_000_000

    @inline(never)
    private static func sink<T>(_ value: T) { _ = value }

    private static func measure(_ name: String, _ body: () -> Void) {
        let start = clock.now
        body()
        SightlineBenchmarks.report("  primitive: " + name, nanoseconds(start.duration(to: clock.now)) / Double(iterations))
    }

    static func measureAll() {
        let box = Box()
        let mutex = Mutex(0)
        let counter = Atomic(0)
        measure("clock read (Timestamp.now)") { for _ in 0..<iterations { sink(Timestamp.now()) } }
        measure("task-local read") { for _ in 0..<iterations { sink(Slot.value) } }
        measure("task-local withValue") { for _ in 0..<iterations { Slot.$value.withValue(box) { sink(Slot.value) } } }
        measure("Mutex lock + unlock, uncontended") { for _ in 0..<iterations { mutex.withLock { $0 += 1 } } }
        measure("atomic add, uncontended") { for _ in 0..<iterations { counter.wrappingAdd(1, ordering: .relaxed) } }
        measure("allocate + free a small array") {
            for _ in 0..<iterations {
                var array: [Int] = []
                array.reserveCapacity(8)
                sink(array)
            }
        }
    }
}
