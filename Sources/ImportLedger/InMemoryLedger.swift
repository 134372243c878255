import Foundation

/// A ledger in memory with the same semantics as ``SQLiteLedger``: the default for tests, and
/// the reference the SQLite ledger's tests compare against.
public final class InMemoryLedger: Ledger, @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct StoredRow {
        var row: LedgerRow
        var bodySHA256: String?
        var firstAttemptAt: Double?
        var keyGeneration = 0
        var keySentAt: Double?
        var lastStatus = 0
        /// An earlier run left the row `sending` under its current key.
        var reached = false
    }

    private let lock = NSLock()
    private var jobList: [JobRecord] = []
    private var rowsByJob: [Int64: [Int: StoredRow]] = [:]
    private var updatedAt: [Int64: Double] = [:]
    private var statusByInquiry: [String: InquiryStatusRecord] = [:]
    private var linkByInquiry: [String: OneTimeLink] = [:]

    public init() {}

    /// Runs `body` on the held statuses under the lock.
    func withStatuses<T>(_ body: (inout [String: InquiryStatusRecord]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&statusByInquiry)
    }

    /// Runs `body` on the held links under the lock.
    func withLinks<T>(_ body: (inout [String: OneTimeLink]) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&linkByInquiry)
    }

    public func findJob(fingerprint: String) throws(LedgerError) -> JobRecord? {
        lock.withLock { jobList.first { $0.description.fingerprint == fingerprint } }.map { job in
            var found = job
            found.isNew = false
            return found
        }
    }

    public func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord {
        lock.withLock {
            if let existing = jobList.first(where: { $0.description.fingerprint == job.fingerprint }) {
                var found = existing
                found.isNew = false
                return found
            }
            let record = JobRecord(id: Int64(jobList.count + 1), description: job, createdAt: now, completedAt: nil, isNew: true)
            jobList.append(record)
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
                        state: stored.row.state, idempotencyKey: key, keyGeneration: stored.keyGeneration,
                        bodySHA256: stored.bodySHA256, attempts: stored.row.attempts, firstAttemptAt: stored.firstAttemptAt ?? 0,
                        keySentAt: stored.keySentAt, lastStatus: stored.lastStatus)
                }
            }
            return plan
        }
    }

    public func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
        lock.withLock {
            for intent in intents {
                let existing = rowsByJob[job]?[intent.record]
                guard RowWrite.intent.applies(to: existing?.row.state) else { continue }
                var fresh = LedgerRow(
                    record: intent.record, line: intent.line, referenceID: intent.referenceID, state: .pending,
                    idempotencyKey: nil, inquiryID: nil, requestID: nil, attempts: 0, error: nil)
                fresh.jobID = job
                var stored = existing ?? StoredRow(row: fresh)
                if stored.row.idempotencyKey != intent.idempotencyKey {
                    stored.keySentAt = now
                    stored.lastStatus = 0
                    stored.reached = false
                } else {
                    stored.reached = stored.reached || stored.row.state == .sending
                }
                stored.row.state = .sending
                stored.row.idempotencyKey = intent.idempotencyKey
                stored.keyGeneration = intent.keyGeneration
                stored.row.error = nil
                stored.bodySHA256 = intent.bodySHA256
                stored.firstAttemptAt = min(stored.firstAttemptAt ?? intent.firstAttemptAt, intent.firstAttemptAt)
                rowsByJob[job, default: [:]][intent.record] = stored
            }
        }
    }

    public func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
        lock.withLock {
            for update in updates {
                var rows = rowsByJob[job, default: [:]]
                guard update.write.applies(to: rows[update.record]?.row.state) else { continue }
                switch update {
                case .rejected(let record, let line, let referenceID, let reasons):
                    rows[record] = Self.decided(
                        job: job, record: record, line: line, referenceID: referenceID, state: .rejected, inquiryID: nil,
                        error: reasons.joined(separator: "; "), over: rows[record])
                case .alreadyImported(let record, let line, let referenceID, let inquiryID):
                    rows[record] = Self.decided(
                        job: job, record: record, line: line, referenceID: referenceID, state: .alreadyImported,
                        inquiryID: inquiryID, error: nil, over: rows[record])
                case .duplicateElsewhere(let record, let line, let referenceID, let inquiryIDs):
                    rows[record] = Self.decided(
                        job: job, record: record, line: line, referenceID: referenceID, state: .duplicateFound,
                        inquiryID: inquiryIDs.joined(separator: ","), error: RowUpdate.severalFound(inquiryIDs.count, elsewhere: true),
                        over: rows[record])
                case .created(let record, let inquiryID, let requestID, let attempts, _):
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
                    if rows[record]?.reached == false { rows[record]?.row.state = .pending }
                case .interrupted(let record, let attempts, let error, let lastStatus):
                    rows[record]?.row.attempts = attempts
                    rows[record]?.row.error = error
                    rows[record]?.lastStatus = lastStatus
                case .duplicateFound(let record, let inquiryIDs, let attempts):
                    rows[record]?.row.state = .duplicateFound
                    rows[record]?.row.inquiryID = inquiryIDs.joined(separator: ",")
                    rows[record]?.row.attempts = attempts
                    rows[record]?.row.error = RowUpdate.severalFound(inquiryIDs.count, elsewhere: false)
                case .indeterminate(let record, let attempts, let error):
                    rows[record]?.row.state = .indeterminate
                    rows[record]?.row.attempts = attempts
                    rows[record]?.row.error = error
                case .rekeyed(let record, let key, let generation):
                    rows[record]?.row.state = .pending
                    rows[record]?.row.idempotencyKey = key
                    rows[record]?.keyGeneration = generation
                    rows[record]?.keySentAt = nil
                    rows[record]?.row.attempts = 0
                    rows[record]?.lastStatus = 0
                    rows[record]?.reached = false
                    rows[record]?.row.error = nil
                case .superseded(let record, let byJob, let byRecord):
                    rows[record]?.row.state = .superseded
                    rows[record]?.row.error = RowUpdate.supersededNote(job: byJob, record: byRecord)
                }
                rowsByJob[job] = rows
            }
            updatedAt[job] = now
        }
    }

    /// A row the map stage or the history decided, kept over whatever the row held before (as
    /// the SQL ledgers' upsert does: its key and attempts stay).
    private static func decided(
        job: Int64, record: Int, line: Int, referenceID: String?, state: RowState, inquiryID: String?, error: String?,
        over existing: StoredRow?
    ) -> StoredRow {
        var fresh = LedgerRow(
            record: record, line: line, referenceID: referenceID, state: state, idempotencyKey: nil, inquiryID: nil,
            requestID: nil, attempts: 0, error: nil)
        fresh.jobID = job
        var stored = existing ?? StoredRow(row: fresh)
        stored.row.state = state
        stored.row.inquiryID = inquiryID ?? (state == .rejected ? stored.row.inquiryID : nil)
        stored.row.error = error
        if state == .rejected {
            stored.row.line = line
            stored.row.referenceID = referenceID
        }
        return stored
    }

    public func setCompleted(job: Int64, at time: Double?) throws(LedgerError) {
        lock.withLock {
            if let index = jobList.firstIndex(where: { $0.id == job }) { jobList[index].completedAt = time }
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
        lock.withLock { (rowsByJob[job] ?? [:]).values.map(Self.exposed).sorted { $0.record < $1.record } }
    }

    public func history(referenceIDs: [String]) throws(LedgerError) -> [String: [HistoryEntry]] {
        lock.withLock {
            let wanted = Set(referenceIDs)
            var found: [String: [HistoryEntry]] = [:]
            for job in rowsByJob.keys.sorted() {
                for stored in (rowsByJob[job] ?? [:]).values.sorted(by: { $0.row.record < $1.row.record }) {
                    guard let reference = stored.row.referenceID, wanted.contains(reference),
                          HistoryEntry.reportedStates.contains(stored.row.state) else { continue }
                    found[reference, default: []].append(HistoryEntry(
                        job: job, record: stored.row.record, state: stored.row.state, inquiryID: stored.row.inquiryID,
                        firstAttemptAt: stored.firstAttemptAt))
                }
            }
            return found
        }
    }

    public func unfinishedJobs(inputPath: String) throws(LedgerError) -> [JobStatus] {
        try jobs().filter { $0.job.completedAt == nil && $0.job.description.inputPath == inputPath }
    }

    public func jobs() throws(LedgerError) -> [JobStatus] {
        lock.withLock {
            jobList.reversed().map { job in
                var counts = StateCounts()
                for stored in (rowsByJob[job.id] ?? [:]).values { counts.counts[stored.row.state, default: 0] += 1 }
                return JobStatus(job: job, updatedAt: updatedAt[job.id] ?? job.createdAt, counts: counts)
            }
        }
    }

    public func rows(inStates states: [RowState]) throws(LedgerError) -> [LedgerRow] {
        lock.withLock {
            rowsByJob.keys.sorted().flatMap { job in
                (rowsByJob[job] ?? [:]).values.map(Self.exposed).filter { states.contains($0.state) }.sorted { $0.record < $1.record }
            }
        }
    }

    private static func exposed(_ stored: StoredRow) -> LedgerRow {
        var row = stored.row
        row.keyGeneration = stored.keyGeneration
        row.firstAttemptAt = stored.firstAttemptAt
        return row
    }
}
