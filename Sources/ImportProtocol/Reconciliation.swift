import Foundation
import ImportLedger
import Logging
import PersonaClient

/// What `persona-import reconcile` decided, row by row.
public struct ReconcileReport: Sendable {
    /// One decision: the row, and what it became.
    public struct Decision: Sendable {
        public var row: LedgerRow
        public var outcome: Outcome
        public var inquiryIDs: [String]
    }

    /// What a row became.
    public enum Outcome: Sendable, Equatable, CustomStringConvertible {
        /// `created`, `duplicate-found`, `superseded`, or `pending` (nothing found: the next
        /// run sends it under a new key).
        case settled(RowState)
        /// No reference-id to look it up by.
        case needsAPerson
        /// Rows of one job share its reference-id: the run, which has their bodies, decides.
        case leftForTheRun

        public var description: String {
            switch self {
            case .settled(let state): state.rawValue
            case .needsAPerson: "needs a person"
            case .leftForTheRun: "left for the run (rows share the reference-id)"
            }
        }
    }

    public var decisions: [Decision] = []
    /// Rows whose lookup failed (left as they were), with the reason.
    public var failures: [(row: LedgerRow, reason: String)] = []
    /// Why it stopped early, if it did.
    public var stoppedBy: StopReason?

    public init() {}

    /// Rows that need a person.
    public var needingAPerson: Int { decisions.filter { $0.outcome == .needsAPerson }.count }
    /// Rows left for the run (still unsettled).
    public var leftForTheRun: Int { decisions.filter { $0.outcome == .leftForTheRun }.count }
    /// Rows settled by a look-up.
    public var settled: Int { decisions.count - needingAPerson - leftForTheRun }
    /// Rows not settled: they need a person, are left for the run, or could not be looked up.
    public var unsettled: Int { needingAPerson + leftForTheRun + failures.count }
}

/// Resolves `sending` and `indeterminate` rows against the API by reference-id, without sending
/// any create. One look-up per person: the rows of every job with that reference-id share it.
/// One inquiry found → every such row `created` with it; several → `duplicate-found`; none → the
/// newest job's row `pending` under a new key (the next run sends it) and the older jobs' rows
/// `superseded` by it, so that the person is sent for once. Rows of one job that share a
/// reference-id (`--allow-duplicate-reference-ids`) are left to the run, which can tell their
/// inquiries apart by the fields it sends. Rows without a reference-id are reported for a person.
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
        var people: [String: [LedgerRow]] = [:]
        var order: [String] = []
        for row in try ledger.rows(inStates: [.sending, .indeterminate]) {
            guard let reference = row.referenceID, jobs[row.jobID] != nil else {
                report.decisions.append(.init(row: row, outcome: .needsAPerson, inquiryIDs: []))
                continue
            }
            if people[reference] == nil { order.append(reference) }
            people[reference, default: []].append(row)
        }
        for reference in order {
            if let reason = control.stopReason {
                report.stoppedBy = reason
                break
            }
            let rows = people[reference] ?? []
            if Set(rows.map(\.jobID)).count < rows.count {
                for row in rows { report.decisions.append(.init(row: row, outcome: .leftForTheRun, inquiryIDs: [])) }
                continue
            }
            let earliest = rows.map { $0.firstAttemptAt ?? jobs[$0.jobID]?.createdAt ?? 0 }.min() ?? 0
            let template = jobs[rows[0].jobID]?.description.template
            switch lookup.inquiryIDs(referenceID: reference, createdSince: Date(timeIntervalSince1970: earliest - margin), templateID: template) {
            case nil:
                report.stoppedBy = control.stopReason
                return report
            case .failure(let failure)?:
                for row in rows { report.failures.append((row, failure.description)) }
                if failure.status == 401 || failure.status == 403 {
                    report.stoppedBy = .keyRejected(failure)
                    return report
                }
            case .success(let ids)?:
                try settle(rows, found: ids, jobs: jobs, into: &report)
            }
        }
        return report
    }

    /// Records what one person's look-up found on each of the person's rows.
    private func settle(_ rows: [LedgerRow], found ids: [String], jobs: [Int64: JobRecord], into report: inout ReconcileReport)
        throws(LedgerError)
    {
        let newest = rows.max { $0.jobID < $1.jobID }
        for row in rows {
            let update: RowUpdate
            let outcome: ReconcileReport.Outcome
            switch ids.count {
            case 1:
                update = .created(record: row.record, inquiryID: ids[0], requestID: nil, attempts: row.attempts)
                outcome = .settled(.created)
            case 0 where row.jobID == newest?.jobID:
                let generation = row.keyGeneration + 1
                let fingerprint = jobs[row.jobID]?.description.fingerprint ?? ""
                update = .rekeyed(
                    record: row.record, idempotencyKey: IdempotencyKey.of(job: fingerprint, record: row.record, generation: generation),
                    keyGeneration: generation)
                outcome = .settled(.pending)
            case 0:
                update = .superseded(record: row.record, byJob: newest?.jobID ?? row.jobID, byRecord: newest?.record ?? row.record)
                outcome = .settled(.superseded)
            default:
                update = .duplicateFound(record: row.record, inquiryIDs: ids, attempts: row.attempts)
                outcome = .settled(.duplicateFound)
            }
            try ledger.record([update], job: row.jobID, now: Date().timeIntervalSince1970)
            report.decisions.append(.init(row: row, outcome: outcome, inquiryIDs: ids))
            logger.info("reconciled", metadata: ["line": "\(row.line)", "reference-id": "\(row.referenceID ?? "")", "outcome": "\(outcome)"])
        }
    }
}
