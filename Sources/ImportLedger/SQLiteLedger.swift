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

    private func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try queue.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .io(path, Self.reason(error))
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
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
            let final = try Int.fetchCursor(
                db, sql: "SELECT record FROM row WHERE job_id = ? AND state IN (?, ?)",
                arguments: [job, RowState.created.rawValue, retryingFailed ? RowState.created.rawValue : RowState.failed.rawValue])
            while let record = try final.next() { plan.skip.insert(record) }
            let prior = try Row.fetchCursor(
                db,
                sql: """
                    SELECT record, state, idempotency_key, body_sha256, attempts, first_attempt_at FROM row
                    WHERE job_id = ? AND idempotency_key IS NOT NULL AND state IN (?, ?, ?)
                    """,
                arguments: [job, RowState.sending.rawValue, RowState.pending.rawValue, RowState.failed.rawValue])
            while let row = try prior.next() {
                let record: Int = row["record"]
                guard !plan.skip.contains(record), let state = RowState(rawValue: row["state"]) else { continue }
                plan.prior[record] = PriorAttempt(
                    state: state, idempotencyKey: row["idempotency_key"], bodySHA256: row["body_sha256"],
                    attempts: row["attempts"], firstAttemptAt: row["first_attempt_at"] ?? 0)
            }
            return plan
        }
    }

    public func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
        guard !intents.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO row (job_id, record, line, reference_id, state, idempotency_key, body_sha256, first_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, 'sending', ?, ?, ?, ?)
                ON CONFLICT (job_id, record) DO UPDATE SET
                    state = 'sending', idempotency_key = excluded.idempotency_key, body_sha256 = excluded.body_sha256,
                    first_attempt_at = COALESCE(row.first_attempt_at, excluded.first_attempt_at),
                    error = NULL, updated_at = excluded.updated_at
                """)
            for intent in intents {
                try statement.execute(arguments: [
                    job, intent.record, intent.line, intent.referenceID, intent.idempotencyKey, intent.bodySHA256,
                    intent.firstAttemptAt, now,
                ])
            }
        }
    }

    public func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
        guard !updates.isEmpty else { return }
        try write { db in
            for update in updates {
                switch update {
                case .rejected(let record, let line, let referenceID, let reasons):
                    try db.cachedStatement(sql: """
                        INSERT INTO row (job_id, record, line, reference_id, state, error, updated_at)
                        VALUES (?, ?, ?, ?, 'rejected', ?, ?)
                        ON CONFLICT (job_id, record) DO UPDATE SET
                            state = 'rejected', line = excluded.line, reference_id = excluded.reference_id,
                            error = excluded.error, updated_at = excluded.updated_at
                        WHERE row.state NOT IN ('created', 'sending')
                        """).execute(arguments: [job, record, line, referenceID, reasons.joined(separator: "; "), now])
                case .created(let record, let inquiryID, let requestID, let attempts):
                    try db.cachedStatement(sql: """
                        UPDATE row SET state = 'created', inquiry_id = ?, request_id = ?, attempts = ?, error = NULL, updated_at = ?
                        WHERE job_id = ? AND record = ?
                        """).execute(arguments: [inquiryID, requestID, attempts, now, job, record])
                case .failed(let record, let error, let requestID, let attempts):
                    try db.cachedStatement(sql: """
                        UPDATE row SET state = 'failed', error = ?, request_id = ?, attempts = ?, updated_at = ?
                        WHERE job_id = ? AND record = ?
                        """).execute(arguments: [error, requestID, attempts, now, job, record])
                case .unsent(let record):
                    try db.cachedStatement(sql: """
                        UPDATE row SET state = 'pending', updated_at = ? WHERE job_id = ? AND record = ? AND state = 'sending'
                        """).execute(arguments: [now, job, record])
                case .interrupted(let record, let attempts, let error):
                    try db.cachedStatement(sql: """
                        UPDATE row SET attempts = ?, error = ?, updated_at = ? WHERE job_id = ? AND record = ?
                        """).execute(arguments: [attempts, error, now, job, record])
                }
            }
        }
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
                    SELECT record, line, reference_id, state, idempotency_key, inquiry_id, request_id, attempts, error
                    FROM row WHERE job_id = ? ORDER BY record
                    """,
                arguments: [job])
            var rows: [LedgerRow] = []
            while let row = try cursor.next() {
                rows.append(LedgerRow(
                    record: row["record"], line: row["line"], referenceID: row["reference_id"],
                    state: RowState(rawValue: row["state"]) ?? .pending, idempotencyKey: row["idempotency_key"],
                    inquiryID: row["inquiry_id"], requestID: row["request_id"], attempts: row["attempts"], error: row["error"]))
            }
            return rows
        }
    }
}
