import Foundation
import ImportCore
import Locking
import Logging

/// Asks every `interval` whether the run still holds its ledger's lock, and stops the run once
/// when it does not: no new row is sent, rows in flight finish and are recorded.
///
/// A PostgreSQL ledger's lock lives in a session of its own. When only that session ends
/// (`idle_session_timeout`, `pg_terminate_backend`, a proxy closing idle connections) nothing
/// else notices, and a second run could take the lock and send the same rows. An SQLite ledger's
/// file lock cannot be lost that way and needs no watch.
public final class LockWatch: @unchecked Sendable {
    // @unchecked: the timer (not Sendable) is set up in `init` and only cancelled after.

    /// How often a run asks.
    public static let defaultInterval: Duration = .seconds(2)

    /// The run's stop reason when the lock is lost (exit 2).
    static let lostMessage = "the ledger's lock was lost (its session on the ledger's server ended or stopped answering), "
        + "so another run could take the ledger: this run stopped sending; rows in flight finished and are recorded. "
        + "The job is resumable: run the same command again"

    private let timer: any DispatchSourceTimer
    private let control: RunControl
    private let stillHeld: @Sendable () -> Bool
    private let logger: Logger
    private let done = Locked(false)

    /// Starts watching: the first check comes after `interval`. `stillHeld` may block (a query
    /// with a timeout of its own); it runs on the watch's own queue, never two at once.
    public init(
        interval: Duration = LockWatch.defaultInterval, control: RunControl, logger: Logger,
        stillHeld: @escaping @Sendable () -> Bool
    ) {
        self.control = control
        self.stillHeld = stillHeld
        self.logger = logger
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "persona-import.lock-watch"))
        timer.schedule(deadline: .now() + interval.seconds, repeating: interval.seconds, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
    }

    deinit {
        timer.cancel()
    }

    /// Stops watching (the run is over). A check under way when this is called stops nothing.
    public func cancel() {
        done.withLock { $0 = true }
        timer.cancel()
    }

    private func check() {
        guard !done.withLock({ $0 }) else { return }
        let held = stillHeld()
        let lost: Bool = done.withLock { done in
            guard !done, !held else { return false }
            done = true
            // Under the lock, so that nothing stops the run once `cancel()` has returned.
            control.stop(.failed(RunFailure(.lockLost, Self.lostMessage)))
            return true
        }
        guard lost else { return }
        timer.cancel()
        logger.error("the ledger's lock was lost; no new rows are sent")
    }
}
