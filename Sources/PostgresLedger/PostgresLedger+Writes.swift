import Foundation
import ImportLedger
import PostgresNIO

extension PostgresLedger {
    public func openJob(_ job: JobDescription, now: Double) throws(LedgerError) -> JobRecord {
        try transaction(.write) { connection in
            // Two importers opening the same job at once: one inserts, the other finds it.
            for _ in 0..<2 {
                let existing = try connector.run(
                    """
                    UPDATE \(unescaped: sql.job) SET updated_at = \(now), input_path = \(job.inputPath)
                    WHERE fingerprint = \(job.fingerprint) RETURNING id, created_at, completed_at
                    """, on: connection)
                if let row = existing.rows.first {
                    let (id, createdAt, completedAt) = try row.decode((Int64, Double, Double?).self)
                    return JobRecord(id: id, description: job, createdAt: createdAt, completedAt: completedAt, isNew: false)
                }
                let inserted = try connector.run(
                    """
                    INSERT INTO \(unescaped: sql.job) (fingerprint, input_path, input_sha256, input_bytes, template, created_at, updated_at)
                    VALUES (\(job.fingerprint), \(job.inputPath), \(job.inputSHA256), \(job.inputBytes), \(job.template), \(now), \(now))
                    ON CONFLICT (fingerprint) DO NOTHING RETURNING id
                    """, on: connection)
                if let row = inserted.rows.first {
                    return JobRecord(id: try row.decode(Int64.self), description: job, createdAt: now, completedAt: nil, isNew: true)
                }
            }
            throw LedgerError.io(name, "the job could neither be found nor created")
        }
    }

    public func markSending(_ intents: [SendIntent], job: Int64, now: Double) throws(LedgerError) {
        guard !intents.isEmpty else { return }
        let segments = Self.segments(intents, record: \.record)
        try transaction(segments.count == 1 ? .single : .write) { connection in
            for segment in segments {
                let rows = segment.map {
                    IntentRow(
                        record: $0.record, line: $0.line, reference_id: $0.referenceID, idempotency_key: $0.idempotencyKey,
                        key_generation: $0.keyGeneration, body_sha256: $0.bodySHA256, first_attempt_at: $0.firstAttemptAt)
                }
                let json = try Self.json(rows)
                _ = try connector.run(
                    """
                    INSERT INTO \(unescaped: sql.row) AS t (job_id, record, line, reference_id, state, idempotency_key, key_generation,
                        key_sent_at, body_sha256, first_attempt_at, updated_at)
                    SELECT \(job), i.record, i.line, i.reference_id, 'sending', i.idempotency_key, i.key_generation, \(now),
                        i.body_sha256, i.first_attempt_at, \(now)
                    FROM jsonb_to_recordset(\(json)::jsonb) AS i(record bigint, line bigint, reference_id text,
                        idempotency_key text, key_generation integer, body_sha256 text, first_attempt_at double precision)
                    ON CONFLICT (job_id, record) DO UPDATE SET
                        state = 'sending', body_sha256 = excluded.body_sha256,
                        reached = CASE WHEN t.idempotency_key IS NOT DISTINCT FROM excluded.idempotency_key
                            THEN (t.reached OR t.state = 'sending') ELSE false END,
                        key_sent_at = CASE WHEN t.idempotency_key IS NOT DISTINCT FROM excluded.idempotency_key
                            THEN COALESCE(t.key_sent_at, excluded.key_sent_at) ELSE excluded.key_sent_at END,
                        last_status = CASE WHEN t.idempotency_key IS NOT DISTINCT FROM excluded.idempotency_key THEN t.last_status ELSE 0 END,
                        idempotency_key = excluded.idempotency_key, key_generation = excluded.key_generation,
                        first_attempt_at = LEAST(COALESCE(t.first_attempt_at, excluded.first_attempt_at), excluded.first_attempt_at),
                        error = NULL, updated_at = excluded.updated_at
                    WHERE t.state IN (\(unescaped: RowWrite.intent.fromSQL))
                    """, on: connection)
            }
        }
    }

    public func record(_ updates: [RowUpdate], job: Int64, now: Double) throws(LedgerError) {
        guard !updates.isEmpty else { return }
        try transaction(.write) { connection in
            for segment in Self.segments(updates, record: \.record) {
                for statement in try RecordStatements(segment, sql: sql, job: job, now: now).queries {
                    _ = try connector.run(statement, on: connection)
                }
            }
        }
    }

    public func setCompleted(job: Int64, at time: Double?) throws(LedgerError) {
        try transaction(.single) { connection in
            _ = try connector.run("UPDATE \(unescaped: sql.job) SET completed_at = \(time) WHERE id = \(job)", on: connection)
        }
    }

    /// Splits `items` in order into runs in which no record appears twice. Within a run every
    /// statement touches other rows, so one statement per kind of update gives the same result
    /// as applying them one by one; a record seen again starts the next run.
    static func segments<Item>(_ items: [Item], record: (Item) -> Int) -> [[Item]] {
        var segments: [[Item]] = []
        var current: [Item] = []
        var seen = Set<Int>()
        for item in items {
            if !seen.insert(record(item)).inserted {
                segments.append(current)
                current = []
                seen = [record(item)]
            }
            current.append(item)
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// Rows as a JSON array, for `jsonb_to_recordset`: one parameter however many rows.
    static func json(_ rows: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }
}

// Field names are the columns' (snake case) so `jsonb_to_recordset` finds them.
struct IntentRow: Encodable {
    var record: Int
    var line: Int
    var reference_id: String?
    var idempotency_key: String
    var key_generation: Int
    var body_sha256: String
    var first_attempt_at: Double
}
