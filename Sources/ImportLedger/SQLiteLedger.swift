import Foundation
import GRDB

/// The ledger in an SQLite file (WAL, `synchronous=FULL`), created with mode 0600 because it
/// holds reference-ids. One `DatabaseQueue` is the one serial writer; every method is one
/// transaction that is durable when the method returns.
public final class SQLiteLedger: Ledger {
    /// The file as the user named it.
    public let path: String
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the ledger at `path` and migrates it to this version's schema.
    /// A ledger written by a newer version is refused.
    public init(path: String) throws(LedgerError) {
        self.path = path
        try Self.createPrivately(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "persona-import.ledger"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // A commit is on disk when it returns: an intent must survive a power cut too.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path, Self.reason(error))
        }
        let migrator = Self.migrator
        let superseded: Bool
        do {
            superseded = try queue.read { try migrator.hasBeenSuperseded($0) }
        } catch {
            throw .cannotOpen(path, Self.reason(error))
        }
        if superseded {
            let applied = (try? queue.read { try migrator.appliedMigrations($0) }) ?? []
            throw .newerSchema(path, version: applied.last ?? "unknown")
        }
        do {
            try migrator.migrate(queue)
        } catch {
            throw .cannotOpen(path, Self.reason(error))
        }
    }

    /// Creates the file with mode 0600 before SQLite does (SQLite gives its WAL and shared-memory
    /// files the database file's mode), and narrows an existing file's mode.
    private static func createPrivately(_ path: String) throws(LedgerError) {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path, String(cString: strerror(errno))) }
        defer { _ = close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotOpen(path, "not a regular file")
        }
        if status.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 {
            throw .cannotOpen(path, "cannot set permissions 0600: " + String(cString: strerror(errno)))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode)" }
        return "\(error)"
    }

    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .io(path, Self.reason(error))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .io(path, Self.reason(error))
        }
    }

    public func findJob(fingerprint: String) throws(LedgerError) -> JobRecord? {
        try read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: "SELECT id, input_path, input_sha256, input_bytes, template, created_at, completed_at FROM job WHERE fingerprint = ?",
                arguments: [fingerprint])
            else { return nil }
            let description = JobDescription(
                fingerprint: fingerprint, inputPath: row["input_path"], inputSHA256: row["input_sha256"],
                inputBytes: row["input_bytes"], template: row["template"])
            return JobRecord(id: row["id"], description: description, createdAt: row["created_at"], completedAt: row["completed_at"], isNew: false)
        }
    }

    public func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord {
        try write { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT id, created_at, completed_at FROM job WHERE fingerprint = ?", arguments: [job.fingerprint])
            {
                try db.execute(sql: "UPDATE job SET updated_at = ?, input_path = ? WHERE id = ?", arguments: [now, job.inputPath, row["id"]])
                return JobRecord(id: row["id"], description: job, createdAt: row["created_at"], completedAt: row["completed_at"], isNew: false)
            }
            try db.execute(
                sql: """
                    INSERT INTO job (fingerprint, input_path, input_sha256, input_bytes, template, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [job.fingerprint, job.inputPath, job.inputSHA256, job.inputBytes, job.template, now, now])
            return JobRecord(id: db.lastInsertedRowID, description: job, createdAt: now, completedAt: nil, isNew: true)
        }
    }

    public func resumePlan(job: Int64, retryingFailed: Bool) throws(LedgerError) -> ResumePlan {
        try read { db in
            var plan = ResumePlan()
            let finalStates = RowState.allCases.filter { $0.isFinal(retryingFailed: retryingFailed) }.map(\.rawValue)
            let placeholders = Array(repeating: "?", count: finalStates.count).joined(separator: ",")
            var arguments: StatementArguments = [job]
            arguments += StatementArguments(finalStates)
            let final = try Int.fetchCursor(
                db, sql: "SELECT record FROM row WHERE job_id = ? AND state IN (\(placeholders))", arguments: arguments)
            while let record = try final.next() { plan.skip.insert(record) }
            let prior = try Row.fetchCursor(
                db,
                sql: """
                    SELECT record, state, idempotency_key, key_generation, key_sent_at, body_sha256, attempts,
                        first_attempt_at, last_status FROM row
                    WHERE job_id = ? AND idempotency_key IS NOT NULL AND state IN (?, ?, ?)
                    """,
                arguments: [job, RowState.sending.rawValue, RowState.pending.rawValue, RowState.failed.rawValue])
            while let row = try prior.next() {
                let record: Int = row["record"]
                guard !plan.skip.contains(record), let state = RowState(rawValue: row["state"]) else { continue }
                plan.prior[record] = PriorAttempt(
                    state: state, idempotencyKey: row["idempotency_key"], keyGeneration: row["key_generation"],
                    bodySHA256: row["body_sha256"], attempts: row["attempts"], firstAttemptAt: row["first_attempt_at"] ?? 0,
                    keySentAt: row["key_sent_at"], lastStatus: row["last_status"])
            }
            return plan
        }
    }

    public func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
        guard !intents.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO row (job_id, record, line, reference_id, state, idempotency_key, key_generation, key_sent_at,
                    body_sha256, first_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, 'sending', ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id, record) DO UPDATE SET
                    state = 'sending', body_sha256 = excluded.body_sha256,
                    reached = CASE WHEN row.idempotency_key IS excluded.idempotency_key
                        THEN (row.reached OR row.state = 'sending') ELSE 0 END,
                    key_sent_at = CASE WHEN row.idempotency_key IS excluded.idempotency_key
                        THEN COALESCE(row.key_sent_at, excluded.key_sent_at) ELSE excluded.key_sent_at END,
                    last_status = CASE WHEN row.idempotency_key IS excluded.idempotency_key THEN row.last_status ELSE 0 END,
                    idempotency_key = excluded.idempotency_key, key_generation = excluded.key_generation,
                    first_attempt_at = MIN(COALESCE(row.first_attempt_at, excluded.first_attempt_at), excluded.first_attempt_at),
                    error = NULL, updated_at = excluded.updated_at
                WHERE row.state IN (\(RowWrite.intent.fromSQL))
                """)
            for intent in intents {
                try statement.execute(arguments: [
                    job, intent.record, intent.line, intent.referenceID, intent.idempotencyKey, intent.keyGeneration, now,
                    intent.bodySHA256, intent.firstAttemptAt, now,
                ])
            }
        }
    }

    public func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
        guard !updates.isEmpty else { return }
        try write { db in
            for update in updates {
                let (sql, arguments) = Self.statement(update, job: job, now: now)
                try db.cachedStatement(sql: sql).execute(arguments: arguments)
            }
        }
    }

    /// The statement that records `update`, guarded by ``RowWrite``'s table.
    private static func statement(_ update: RowUpdate, job: Int64, now: Double) -> (String, StatementArguments) {
        let guarded = "AND state IN (\(update.write.fromSQL))"
        switch update {
        case .rejected(let record, let line, let referenceID, let reasons):
            return (insertOrUpdate(update.write, set: "line = excluded.line, reference_id = excluded.reference_id, error = excluded.error"),
                    [job, record, line, referenceID, "rejected", nil as String?, reasons.joined(separator: "; "), now])
        case .alreadyImported(let record, let line, let referenceID, let inquiryID):
            return (insertOrUpdate(update.write, set: "inquiry_id = excluded.inquiry_id, error = NULL"),
                    [job, record, line, referenceID, "already-imported", inquiryID, nil as String?, now])
        case .duplicateElsewhere(let record, let line, let referenceID, let inquiryIDs):
            return (insertOrUpdate(update.write, set: "inquiry_id = excluded.inquiry_id, error = excluded.error"),
                    [job, record, line, referenceID, "duplicate-found", inquiryIDs.joined(separator: ","),
                     RowUpdate.severalFound(inquiryIDs.count, elsewhere: true), now])
        case .created(let record, let inquiryID, let requestID, let attempts, _):
            return ("""
                UPDATE row SET state = 'created', inquiry_id = ?, request_id = ?, attempts = ?, error = NULL, updated_at = ?
                WHERE job_id = ? AND record = ? \(guarded)
                """, [inquiryID, requestID, attempts, now, job, record])
        case .failed(let record, let error, let requestID, let attempts):
            return ("""
                UPDATE row SET state = 'failed', error = ?, request_id = ?, attempts = ?, updated_at = ?
                WHERE job_id = ? AND record = ? \(guarded)
                """, [error, requestID, attempts, now, job, record])
        case .unsent(let record):
            return ("""
                UPDATE row SET state = CASE WHEN reached THEN 'sending' ELSE 'pending' END, updated_at = ?
                WHERE job_id = ? AND record = ? \(guarded)
                """, [now, job, record])
        case .interrupted(let record, let attempts, let error, let lastStatus):
            return ("""
                UPDATE row SET attempts = ?, error = ?, last_status = ?, updated_at = ? WHERE job_id = ? AND record = ? \(guarded)
                """, [attempts, error, lastStatus, now, job, record])
        case .duplicateFound(let record, let inquiryIDs, let attempts):
            return ("""
                UPDATE row SET state = 'duplicate-found', inquiry_id = ?, attempts = ?, error = ?, updated_at = ?
                WHERE job_id = ? AND record = ? \(guarded)
                """, [inquiryIDs.joined(separator: ","), attempts, RowUpdate.severalFound(inquiryIDs.count, elsewhere: false), now, job, record])
        case .indeterminate(let record, let attempts, let error):
            return ("""
                UPDATE row SET state = 'indeterminate', attempts = ?, error = ?, updated_at = ? WHERE job_id = ? AND record = ? \(guarded)
                """, [attempts, error, now, job, record])
        case .rekeyed(let record, let key, let generation):
            return ("""
                UPDATE row SET state = 'pending', idempotency_key = ?, key_generation = ?, key_sent_at = NULL,
                    attempts = 0, last_status = 0, reached = 0, error = NULL, updated_at = ?
                WHERE job_id = ? AND record = ? \(guarded)
                """, [key, generation, now, job, record])
        case .superseded(let record, let byJob, let byRecord):
            return ("""
                UPDATE row SET state = 'superseded', error = ?, updated_at = ? WHERE job_id = ? AND record = ? \(guarded)
                """, [RowUpdate.supersededNote(job: byJob, record: byRecord), now, job, record])
        }
    }

    /// An insert of a row the map stage or the history decided, or an update of one in a state
    /// ``RowWrite`` lets `write` change. Arguments: job, record, line, reference-id, state,
    /// inquiry id, error, now.
    private static func insertOrUpdate(_ write: RowWrite, set: String) -> String {
        """
        INSERT INTO row (job_id, record, line, reference_id, state, inquiry_id, error, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (job_id, record) DO UPDATE SET state = excluded.state, \(set), updated_at = excluded.updated_at
        WHERE row.state IN (\(write.fromSQL))
        """
    }

    public func setCompleted(job: Int64, at time: Double?) throws(LedgerError) {
        try write { db in
            try db.execute(sql: "UPDATE job SET completed_at = ? WHERE id = ?", arguments: [time, job])
        }
    }

    public func counts(job: Int64) throws(LedgerError) -> StateCounts {
        try read { db in
            var counts = StateCounts()
            let rows = try Row.fetchCursor(db, sql: "SELECT state, COUNT(*) AS n FROM row WHERE job_id = ? GROUP BY state", arguments: [job])
            while let row = try rows.next() {
                if let state = RowState(rawValue: row["state"]) { counts.counts[state] = row["n"] }
            }
            return counts
        }
    }

    public func rows(job: Int64) throws(LedgerError) -> [LedgerRow] {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT job_id, record, line, reference_id, state, idempotency_key, inquiry_id, request_id, attempts, error,
                        key_generation, first_attempt_at
                    FROM row WHERE job_id = ? ORDER BY record
                    """,
                arguments: [job])
            var rows: [LedgerRow] = []
            while let row = try cursor.next() { rows.append(Self.ledgerRow(row)) }
            return rows
        }
    }

    public func history(referenceIDs: [String]) throws(LedgerError) -> [String: [HistoryEntry]] {
        guard !referenceIDs.isEmpty else { return [:] }
        let states = HistoryEntry.reportedStates.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try read { db in
            var found: [String: [HistoryEntry]] = [:]
            for chunk in stride(from: 0, to: referenceIDs.count, by: 500) {
                let slice = Array(referenceIDs[chunk..<min(chunk + 500, referenceIDs.count)])
                let placeholders = Array(repeating: "?", count: slice.count).joined(separator: ",")
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT reference_id, job_id, record, state, inquiry_id, first_attempt_at FROM row
                        WHERE reference_id IN (\(placeholders)) AND state IN (\(states))
                        ORDER BY job_id, record
                        """,
                    arguments: StatementArguments(slice))
                while let row = try rows.next() {
                    guard let state = RowState(rawValue: row["state"]) else { continue }
                    found[row["reference_id"], default: []].append(HistoryEntry(
                        job: row["job_id"], record: row["record"], state: state, inquiryID: row["inquiry_id"],
                        firstAttemptAt: row["first_attempt_at"]))
                }
            }
            return found
        }
    }

    public func unfinishedJobs(inputPath: String) throws(LedgerError) -> [JobStatus] {
        try jobs(where: "WHERE completed_at IS NULL AND input_path = ?", [inputPath])
    }

    public func jobs() throws(LedgerError) -> [JobStatus] {
        try jobs(where: "", [])
    }

    private func jobs(where condition: String, _ arguments: StatementArguments) throws(LedgerError) -> [JobStatus] {
        try read { db in
            var statuses: [JobStatus] = []
            let jobs = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, fingerprint, input_path, input_sha256, input_bytes, template, created_at, updated_at, completed_at
                    FROM job \(condition) ORDER BY id DESC
                    """,
                arguments: arguments)
            for row in jobs {
                let description = JobDescription(
                    fingerprint: row["fingerprint"], inputPath: row["input_path"], inputSHA256: row["input_sha256"],
                    inputBytes: row["input_bytes"], template: row["template"])
                let job = JobRecord(id: row["id"], description: description, createdAt: row["created_at"], completedAt: row["completed_at"], isNew: false)
                var counts = StateCounts()
                let cursor = try Row.fetchCursor(db, sql: "SELECT state, COUNT(*) AS n FROM row WHERE job_id = ? GROUP BY state", arguments: [job.id])
                while let count = try cursor.next() {
                    if let state = RowState(rawValue: count["state"]) { counts.counts[state] = count["n"] }
                }
                statuses.append(JobStatus(job: job, updatedAt: row["updated_at"], counts: counts))
            }
            return statuses
        }
    }

    public func rows(inStates states: [RowState]) throws(LedgerError) -> [LedgerRow] {
        guard !states.isEmpty else { return [] }
        return try read { db in
            let placeholders = Array(repeating: "?", count: states.count).joined(separator: ",")
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT job_id, record, line, reference_id, state, idempotency_key, inquiry_id, request_id, attempts, error,
                        key_generation, first_attempt_at
                    FROM row WHERE state IN (\(placeholders)) ORDER BY job_id, record
                    """,
                arguments: StatementArguments(states.map(\.rawValue)))
            var rows: [LedgerRow] = []
            while let row = try cursor.next() { rows.append(Self.ledgerRow(row)) }
            return rows
        }
    }

    static func ledgerRow(_ row: Row) -> LedgerRow {
        var ledgerRow = LedgerRow(
            record: row["record"], line: row["line"], referenceID: row["reference_id"],
            state: RowState(rawValue: row["state"]) ?? .pending, idempotencyKey: row["idempotency_key"],
            inquiryID: row["inquiry_id"], requestID: row["request_id"], attempts: row["attempts"], error: row["error"])
        ledgerRow.jobID = row["job_id"]
        ledgerRow.keyGeneration = row["key_generation"]
        ledgerRow.firstAttemptAt = row["first_attempt_at"]
        return ledgerRow
    }
}
