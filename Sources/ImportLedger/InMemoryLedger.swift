import Foundation

/// A ledger in memory with the same semantics as ``SQLiteLedger``: the default for tests, and
/// the reference the SQLite ledger's tests compare against.
public final class InMemoryLedger: Ledger, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct StoredRow {
        var row: LedgerRow
        var bodySHA256: String?
        var firstAttemptAt: Double?
    }

    private let lock = NSLock()
    private var jobs: [JobRecord] = []
    private var rowsByJob: [Int64: [Int: StoredRow]] = [:]

    public init() {}

    public func findJob(fingerprint: String) throws(LedgerError) -> JobRecord? {
        lock.withLock { jobs.first { $0.description.fingerprint == fingerprint } }.map { job in
            var found = job
            found.isNew = false
            return found
        }
    }

    public func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord {
        lock.withLock {
            if let existing = jobs.first(where: { $0.description.fingerprint == job.fingerprint }) {
                var found = existing
                found.isNew = false
                return found
            }
            let record = JobRecord(id: Int64(jobs.count + 1), description: job, createdAt: now, completedAt: nil, isNew: true)
            jobs.append(record)
            return record
        }
    }

    public func resumePlan(job: Int64, retryingFailed: Bool) throws(LedgerError) -> ResumePlan {
        lock.withLock {
            var plan = ResumePlan()
            for (record, stored) in rowsByJob[job] ?? [:] {
                if stored.row.state.isFinal(retryingFailed: retryingFailed) {
                    plan.skip.insert(record)
                } else if let key = stored.row.idempotencyKey, stored.row.state != .rejected {
                    plan.prior[record] = PriorAttempt(
                        state: stored.row.state, idempotencyKey: key, bodySHA256: stored.bodySHA256,
                        attempts: stored.row.attempts, firstAttemptAt: stored.firstAttemptAt ?? 0)
                }
            }
            return plan
        }
    }

    public func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
        lock.withLock {
            for intent in intents {
                var stored = rowsByJob[job]?[intent.record] ?? StoredRow(
                    row: LedgerRow(
                        record: intent.record, line: intent.line, referenceID: intent.referenceID, state: .pending,
                        idempotencyKey: nil, inquiryID: nil, requestID: nil, attempts: 0, error: nil))
                stored.row.state = .sending
                stored.row.idempotencyKey = intent.idempotencyKey
                stored.row.error = nil
                stored.bodySHA256 = intent.bodySHA256
                stored.firstAttemptAt = stored.firstAttemptAt ?? intent.firstAttemptAt
                rowsByJob[job, default: [:]][intent.record] = stored
            }
        }
    }

    public func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
        lock.withLock {
            for update in updates {
                var rows = rowsByJob[job, default: [:]]
                switch update {
                case .rejected(let record, let line, let referenceID, let reasons):
                    if let state = rows[record]?.row.state, state == .created || state == .sending { break }
                    rows[record] = StoredRow(row: LedgerRow(
                        record: record, line: line, referenceID: referenceID, state: .rejected, idempotencyKey: nil,
                        inquiryID: nil, requestID: nil, attempts: 0, error: reasons.joined(separator: "; ")))
                case .created(let record, let inquiryID, let requestID, let attempts):
                    rows[record]?.row.state = .created
                    rows[record]?.row.inquiryID = inquiryID
                    rows[record]?.row.requestID = requestID
                    rows[record]?.row.attempts = attempts
                    rows[record]?.row.error = nil
                case .failed(let record, let error, let requestID, let attempts):
                    rows[record]?.row.state = .failed
                    rows[record]?.row.error = error
                    rows[record]?.row.requestID = requestID
                    rows[record]?.row.attempts = attempts
                case .unsent(let record):
                    if rows[record]?.row.state == .sending { rows[record]?.row.state = .pending }
                case .interrupted(let record, let attempts, let error):
                    rows[record]?.row.attempts = attempts
                    rows[record]?.row.error = error
                }
                rowsByJob[job] = rows
            }
        }
    }

    public func setCompleted(job: Int64, at time: Double?) throws(LedgerError) {
        lock.withLock {
            if let index = jobs.firstIndex(where: { $0.id == job }) { jobs[index].completedAt = time }
        }
    }

    public func counts(job: Int64) throws(LedgerError) -> StateCounts {
        lock.withLock {
            var counts = StateCounts()
            for stored in (rowsByJob[job] ?? [:]).values { counts.counts[stored.row.state, default: 0] += 1 }
            return counts
        }
    }

    public func rows(job: Int64) throws(LedgerError) -> [LedgerRow] {
        lock.withLock { (rowsByJob[job] ?? [:]).values.map(\.row).sorted { $0.record < $1.record } }
    }
}
