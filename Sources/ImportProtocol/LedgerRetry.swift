import Foundation
import ImportLedger
import Logging

/// Ledger writes that survive a short outage of a ledger server: an "unreachable" error is
/// retried once a second for a bounded time (the ledger reconnects on its next call), while the
/// run sends nothing new (workers block on the full recorder queue, the dispatcher waits here).
/// A lost run lock (a restarted PostgreSQL ends the session that held it) stops the run: another
/// run may hold it now.
public struct LedgerRetry: Sendable {
    let control: RunControl
    /// How long an unreachable ledger is retried before the run stops.
    let patience: Double
    /// Whether this run still holds the ledger's lock.
    let lockHeld: @Sendable () -> Bool
    let logger: Logger

    public init(control: RunControl, patience: Double, lockHeld: @escaping @Sendable () -> Bool, logger: Logger) {
        self.control = control
        self.patience = patience
        self.lockHeld = lockHeld
        self.logger = logger
    }

    func perform(_ what: String, _ body: () throws(LedgerError) -> Void) throws(LedgerError) {
        let deadline = Date(timeIntervalSinceNow: patience)
        var lastError: LedgerError?
        while true {
            do throws(LedgerError) {
                try body()
                if lastError != nil {
                    logger.notice("the ledger is reachable again", metadata: ["write": "\(what)"])
                    guard lockHeld() else {
                        throw LedgerError.locked("the ledger", holder: "the lock was lost while the ledger was unreachable")
                    }
                }
                return
            } catch {
                guard error.isUnreachable, Date() < deadline else { throw error }
                if lastError == nil {
                    logger.warning("the ledger is unreachable; retrying", metadata: ["write": "\(what)", "error": "\(error)"])
                }
                lastError = error
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
