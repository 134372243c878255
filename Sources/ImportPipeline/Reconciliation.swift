import Foundation
import ImportLedger
import Logging
import PersonaClient

/// What `persona-import reconcile` decided, row by row.
public struct ReconcileReport: Sendable {
    /// One decision: the row, and what it became.
    public struct Decision: Sendable {
        public var row: LedgerRow
        /// `created`, `duplicate-found`, `pending` (nothing found: the next run sends it under a
        /// new key) or `needs a person` (no reference-id).
        public var outcome: String
        public var inquiryIDs: [String]
    }

    public var decisions: [Decision] = []
    /// Rows whose lookup failed (left as they were), with the reason.
    public var failures: [(row: LedgerRow, reason: String)] = []
    /// Why it stopped early, if it did.
    public var stoppedBy: StopReason?

    public init() {}
}

/// Resolves `sending` and `indeterminate` rows against the API by reference-id, without sending
/// any create: one inquiry found → `created`; several → `duplicate-found`; none → `pending`
/// under a new key. Rows without a reference-id are reported for a person.
public struct Reconciliation: Sendable {
    public var ledger: any Ledger
    public var client: PersonaAPIClient
    public var control: RunControl
    /// Look back this long before a row's first attempt.
    public var margin: Double
    public var logger: Logger

    public init(ledger: any Ledger, client: PersonaAPIClient, control: RunControl, margin: Double = 600, logger: Logger) {
        self.ledger = ledger
        self.client = client
        self.control = control
        self.margin = margin
        self.logger = logger
    }

    public func run() throws(LedgerError) -> ReconcileReport {
        var report = ReconcileReport()
        let lookup = InquiryLookup(client: client, gate: control.gate)
        let jobs = Dictionary(uniqueKeysWithValues: try ledger.jobs().map { ($0.job.id, $0.job) })
        for row in try ledger.rows(inStates: [.sending, .indeterminate]) {
            if let reason = control.stopReason {
                report.stoppedBy = reason
                break
            }
            guard let reference = row.referenceID, let job = jobs[row.jobID] else {
                report.decisions.append(.init(row: row, outcome: "needs a person", inquiryIDs: []))
                continue
            }
            let since = Date(timeIntervalSince1970: (row.firstAttemptAt ?? job.createdAt) - margin)
            switch lookup.inquiryIDs(referenceID: reference, createdSince: since, templateID: job.description.template) {
            case nil:
                report.stoppedBy = control.stopReason
                return report
            case .failure(let failure)?:
                report.failures.append((row, failure.description))
                if failure.status == 401 || failure.status == 403 {
                    report.stoppedBy = .keyRejected(failure)
                    return report
                }
            case .success(let ids)?:
                let update: RowUpdate
                let outcome: String
                switch ids.count {
                case 1:
                    update = .created(record: row.record, inquiryID: ids[0], requestID: nil, attempts: row.attempts)
                    outcome = RowState.created.rawValue
                case 0:
                    let generation = row.keyGeneration + 1
                    update = .rekeyed(
                        record: row.record,
                        idempotencyKey: ImportRun.idempotencyKey(job: job.description.fingerprint, record: row.record, generation: generation),
                        keyGeneration: generation)
                    outcome = RowState.pending.rawValue
                default:
                    update = .duplicateFound(record: row.record, inquiryIDs: ids, attempts: row.attempts)
                    outcome = RowState.duplicateFound.rawValue
                }
                try ledger.record([update], job: row.jobID, now: Date().timeIntervalSince1970)
                report.decisions.append(.init(row: row, outcome: outcome, inquiryIDs: ids))
                logger.info("reconciled", metadata: ["line": "\(row.line)", "reference-id": "\(reference)", "outcome": "\(outcome)"])
            }
        }
        return report
    }
}
