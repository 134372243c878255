import Foundation
import ImportCore
import ImportLedger
import Locking
import Logging

/// The record stage: one thread that takes every row's outcome from a bounded queue and
/// commits them to the ledger in batches (one transaction per batch), counting as it goes.
public final class LedgerRecorder: Sendable {
    struct Entry: Sendable {
        var update: RowUpdate
        var line: Int
        var referenceID: String?

        /// The one-time link a created row's answer carried.
        var link: (inquiryID: String, link: OneTimeLink)? {
            guard case .created(_, let inquiryID, _, _, let link?) = update else { return nil }
            return (inquiryID, link)
        }
    }

    /// What the recorder committed, by outcome.
    public struct Totals: Sendable {
        public var created = 0
        public var failed = 0
        public var unresolved = 0
        public var notSent = 0
        public var alreadyImported = 0
        public var duplicateFound = 0
        public var indeterminate = 0
        public var firstFailures: [(line: Int, referenceID: String?, error: String, requestID: String?)] = []
        public var failedLines = ReasonLines()
    }

    private let queue = BoundedQueue<Entry>(capacity: 8192)
    private let done = DispatchGroup()
    private let totals = Locked(Totals())

    /// Starts the thread. A ledger error stops the run through `control`.
    public init(ledger: (any Ledger)?, job: Int64, control: RunControl, retry: LedgerRetry, failuresToKeep: Int, logger: Logger) {
        let queue = queue
        DispatchQueue(label: "persona-import.record").async(group: done) { [self] in
            var ledgerFailed = false
            while let batch = try? queue.popBatch(limit: 1024) {
                if let ledger {
                    // After a failed write nothing more is committed, so nothing more is counted:
                    // the summary, reports and metrics count only what the ledger holds.
                    guard !ledgerFailed else { continue }
                    do throws(LedgerError) {
                        try retry.perform("outcomes") { () throws(LedgerError) in
                            try ledger.record(batch.map(\.update), job: job, now: Date().timeIntervalSince1970)
                        }
                    } catch {
                        ledgerFailed = true
                        logger.error("ledger write failed", metadata: ["error": "\(error)"])
                        control.stop(.failed(RunFailure(error)))
                        continue
                    }
                    Self.keepLinks(of: batch, in: ledger, logger: logger)
                }
                count(batch, keepingFailures: failuresToKeep)
            }
        }
    }

    /// The one-time links the batch's answers carried, beside the rows once they are committed.
    /// A link that cannot be written is not a row's outcome: the run goes on, and
    /// `persona-import links` issues it again.
    private static func keepLinks(of batch: [Entry], in ledger: any Ledger, logger: Logger) {
        let links = batch.compactMap(\.link)
        guard !links.isEmpty else { return }
        do {
            try ledger.recordLinks(links, now: Date().timeIntervalSince1970)
        } catch {
            logger.warning("one-time links not kept; persona-import links issues them again", metadata: [
                "links": "\(links.count)", "error": "\(error)",
            ])
        }
    }

    private func count(_ batch: [Entry], keepingFailures limit: Int) {
        totals.withLock { totals in
            for entry in batch {
                switch entry.update {
                case .created: totals.created += 1
                case .failed(_, let error, let requestID, _):
                    totals.failed += 1
                    totals.failedLines.add(error, line: entry.line)
                    if totals.firstFailures.count < limit {
                        totals.firstFailures.append((entry.line, entry.referenceID, error, requestID))
                    }
                case .interrupted: totals.unresolved += 1
                case .unsent: totals.notSent += 1
                case .alreadyImported: totals.alreadyImported += 1
                case .duplicateFound, .duplicateElsewhere: totals.duplicateFound += 1
                case .indeterminate: totals.indeterminate += 1
                case .rejected, .rekeyed, .superseded: break
                }
            }
        }
    }

    /// Queues an outcome (blocks while the queue is full, so a slow disk slows the workers).
    public func record(_ update: RowUpdate, line: Int, referenceID: String?) {
        queue.push(Entry(update: update, line: line, referenceID: referenceID))
    }

    /// The totals so far (for progress).
    public var current: Totals { totals.withLock { $0 } }

    /// Commits what is queued, stops the thread and returns the totals.
    public func finish() -> Totals {
        queue.close()
        done.wait()
        return current
    }
}
