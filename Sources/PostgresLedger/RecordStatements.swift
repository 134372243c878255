import Foundation
import ImportLedger
import PostgresNIO

/// The statements that record one run of updates (no record twice): one statement per kind of
/// update present, each taking its rows as one JSON parameter. Each statement does what
/// ``SQLiteLedger`` does for one update of that kind.
struct RecordStatements {
    private(set) var queries: [PostgresQuery] = []

    init(_ updates: [RowUpdate], sql: LedgerSQL, job: Int64, now: Double) throws {
        var rows = Rows()
        for update in updates { rows.add(update) }
        let table = sql.row
        func add(_ items: [some Encodable], _ columns: String, _ write: RowWrite, _ body: (String, String) -> String) throws {
            guard !items.isEmpty else { return }
            // The guard from RowWrite's table: `t.state IN (...)`.
            let guarded = "t.state IN (\(write.fromSQL))"
            // $1 job, $2 now, $3 the rows.
            let source = "jsonb_to_recordset($3::jsonb) AS u(\(columns))"
            var binds = PostgresBindings(capacity: 3)
            binds.append(job)
            binds.append(now)
            binds.append(try PostgresLedger.json(items))
            queries.append(PostgresQuery(unsafeSQL: body(source, guarded), binds: binds))
        }
        try add(rows.rejected, "record bigint, line bigint, reference_id text, error text", .rejected) { source, guarded in
            """
            INSERT INTO \(table) AS t (job_id, record, line, reference_id, state, error, updated_at)
            SELECT $1, u.record, u.line, u.reference_id, 'rejected', u.error, $2 FROM \(source)
            ON CONFLICT (job_id, record) DO UPDATE SET
                state = 'rejected', line = excluded.line, reference_id = excluded.reference_id,
                error = excluded.error, updated_at = excluded.updated_at
            WHERE \(guarded)
            """
        }
        try add(rows.created, "record bigint, inquiry_id text, request_id text, attempts integer", .created) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'created', inquiry_id = u.inquiry_id, request_id = u.request_id, attempts = u.attempts,
                error = NULL, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.failed, "record bigint, error text, request_id text, attempts integer", .failed) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'failed', error = u.error, request_id = u.request_id, attempts = u.attempts, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.unsent, "record bigint", .unsent) { source, guarded in
            """
            UPDATE \(table) AS t SET state = CASE WHEN t.reached THEN 'sending' ELSE 'pending' END, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.interrupted, "record bigint, attempts integer, error text, last_status integer", .interrupted) { source, guarded in
            """
            UPDATE \(table) AS t SET attempts = u.attempts, error = u.error, last_status = u.last_status, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.duplicateFound, "record bigint, inquiry_id text, attempts integer, error text", .duplicateFound) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'duplicate-found', inquiry_id = u.inquiry_id, attempts = u.attempts, error = u.error,
                updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.indeterminate, "record bigint, attempts integer, error text", .indeterminate) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'indeterminate', attempts = u.attempts, error = u.error, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.rekeyed, "record bigint, idempotency_key text, key_generation integer", .rekeyed) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'pending', idempotency_key = u.idempotency_key, key_generation = u.key_generation,
                key_sent_at = NULL, attempts = 0, last_status = 0, reached = false, error = NULL, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
        try add(rows.alreadyImported, "record bigint, line bigint, reference_id text, inquiry_id text", .alreadyImported) { source, guarded in
            """
            INSERT INTO \(table) AS t (job_id, record, line, reference_id, state, inquiry_id, updated_at)
            SELECT $1, u.record, u.line, u.reference_id, 'already-imported', u.inquiry_id, $2 FROM \(source)
            ON CONFLICT (job_id, record) DO UPDATE SET
                state = 'already-imported', inquiry_id = excluded.inquiry_id, error = NULL, updated_at = excluded.updated_at
            WHERE \(guarded)
            """
        }
        try add(rows.duplicateElsewhere, "record bigint, line bigint, reference_id text, inquiry_id text, error text", .duplicateElsewhere) {
            source, guarded in
            """
            INSERT INTO \(table) AS t (job_id, record, line, reference_id, state, inquiry_id, error, updated_at)
            SELECT $1, u.record, u.line, u.reference_id, 'duplicate-found', u.inquiry_id, u.error, $2 FROM \(source)
            ON CONFLICT (job_id, record) DO UPDATE SET
                state = 'duplicate-found', inquiry_id = excluded.inquiry_id, error = excluded.error, updated_at = excluded.updated_at
            WHERE \(guarded)
            """
        }
        try add(rows.superseded, "record bigint, error text", .superseded) { source, guarded in
            """
            UPDATE \(table) AS t SET state = 'superseded', error = u.error, updated_at = $2
            FROM \(source) WHERE t.job_id = $1 AND t.record = u.record AND \(guarded)
            """
        }
    }
}

/// A run of updates sorted by kind, as the rows `jsonb_to_recordset` reads. Field names are
/// the columns'.
private struct Rows {
    struct Rejected: Encodable { var record: Int, line: Int, reference_id: String?, error: String }
    struct Created: Encodable { var record: Int, inquiry_id: String, request_id: String?, attempts: Int }
    struct Failed: Encodable { var record: Int, error: String, request_id: String?, attempts: Int }
    struct Unsent: Encodable { var record: Int }
    struct Interrupted: Encodable { var record: Int, attempts: Int, error: String?, last_status: Int }
    struct DuplicateFound: Encodable { var record: Int, inquiry_id: String, attempts: Int, error: String }
    struct Indeterminate: Encodable { var record: Int, attempts: Int, error: String }
    struct Rekeyed: Encodable { var record: Int, idempotency_key: String, key_generation: Int }
    struct AlreadyImported: Encodable { var record: Int, line: Int, reference_id: String, inquiry_id: String }
    struct DuplicateElsewhere: Encodable { var record: Int, line: Int, reference_id: String, inquiry_id: String, error: String }
    struct Superseded: Encodable { var record: Int, error: String }

    var rejected: [Rejected] = []
    var created: [Created] = []
    var failed: [Failed] = []
    var unsent: [Unsent] = []
    var interrupted: [Interrupted] = []
    var duplicateFound: [DuplicateFound] = []
    var indeterminate: [Indeterminate] = []
    var rekeyed: [Rekeyed] = []
    var alreadyImported: [AlreadyImported] = []
    var duplicateElsewhere: [DuplicateElsewhere] = []
    var superseded: [Superseded] = []

    mutating func add(_ update: RowUpdate) {
        switch update {
        case .rejected(let record, let line, let referenceID, let reasons):
            rejected.append(Rejected(record: record, line: line, reference_id: referenceID, error: reasons.joined(separator: "; ")))
        case .created(let record, let inquiryID, let requestID, let attempts, _):
            created.append(Created(record: record, inquiry_id: inquiryID, request_id: requestID, attempts: attempts))
        case .failed(let record, let error, let requestID, let attempts):
            failed.append(Failed(record: record, error: error, request_id: requestID, attempts: attempts))
        case .unsent(let record):
            unsent.append(Unsent(record: record))
        case .interrupted(let record, let attempts, let error, let lastStatus):
            interrupted.append(Interrupted(record: record, attempts: attempts, error: error, last_status: lastStatus))
        case .duplicateFound(let record, let inquiryIDs, let attempts):
            duplicateFound.append(DuplicateFound(
                record: record, inquiry_id: inquiryIDs.joined(separator: ","), attempts: attempts,
                error: RowUpdate.severalFound(inquiryIDs.count, elsewhere: false)))
        case .indeterminate(let record, let attempts, let error):
            indeterminate.append(Indeterminate(record: record, attempts: attempts, error: error))
        case .rekeyed(let record, let key, let generation):
            rekeyed.append(Rekeyed(record: record, idempotency_key: key, key_generation: generation))
        case .alreadyImported(let record, let line, let referenceID, let inquiryID):
            alreadyImported.append(AlreadyImported(record: record, line: line, reference_id: referenceID, inquiry_id: inquiryID))
        case .duplicateElsewhere(let record, let line, let referenceID, let inquiryIDs):
            duplicateElsewhere.append(DuplicateElsewhere(
                record: record, line: line, reference_id: referenceID, inquiry_id: inquiryIDs.joined(separator: ","),
                error: RowUpdate.severalFound(inquiryIDs.count, elsewhere: true)))
        case .superseded(let record, let byJob, let byRecord):
            superseded.append(Superseded(record: record, error: RowUpdate.supersededNote(job: byJob, record: byRecord)))
        }
    }
}
