import Sightline
import Dispatch
import GRDB
import Synchronization

/// Copies committed WAL pages into the database file on a connection and thread of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: that ingest
/// call then also copies tens of megabytes into the database file and syncs it, a stall of
/// hundreds of milliseconds. This checkpoint runs beside the following ingest calls instead, at
/// most once per ``interval``. It is passive: it never blocks the writer or readers, and if it
/// fails or falls behind nothing is lost (the pages stay in the WAL, and SQLite's own checkpoint
/// remains as a backstop at a higher threshold).
final class BackgroundCheckpointer: Sendable {
    private let connection: DatabaseQueue
    private let interval: Duration
    private let clock = ContinuousClock()
    /// When the last checkpoint started; nil while one runs.
    private let lastStart: LockedState<ContinuousClock.Instant?>

    init(path: String, configuration: GRDB.Configuration, interval: Duration = .milliseconds(500)) throws {
        connection = try DatabaseQueue(path: path, configuration: configuration)
        self.interval = interval
        lastStart = LockedState(clock.now)
    }

    /// Starts a checkpoint unless one is running or the last one started less than ``interval`` ago.
    func requestCheckpoint() {
        let now = clock.now
        let starts = lastStart.withLock { last -> Bool in
            guard let started = last, started.duration(to: now) >= interval else { return false }
            last = nil
            return true
        }
        guard starts else { return }
        DispatchQueue.global(qos: .utility).async {
            _ = try? self.connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            self.lastStart.withLock { $0 = now }
        }
    }
}
