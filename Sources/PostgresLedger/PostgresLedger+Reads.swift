import ImportLedger
import PostgresNIO

extension PostgresLedger {
    public func findJob(fingerprint: String) throws(LedgerError) -> JobRecord? {
        try transaction(.single) { connection in
            let result = try connector.run(
                """
                SELECT id, input_path, input_sha256, input_bytes, template, created_at, completed_at
                FROM \(unescaped: sql.job) WHERE fingerprint = \(fingerprint)
                """, on: connection)
            guard let row = result.rows.first else { return nil }
            let (id, inputPath, inputSHA256, inputBytes, template, createdAt, completedAt) =
                try row.decode((Int64, String, String, Int64, String, Double, Double?).self)
            let description = JobDescription(
                fingerprint: fingerprint, inputPath: inputPath, inputSHA256: inputSHA256, inputBytes: inputBytes, template: template)
            return JobRecord(id: id, description: description, createdAt: createdAt, completedAt: completedAt, isNew: false)
        }
    }

    public func resumePlan(job: Int64, retryingFailed: Bool) throws(LedgerError) -> ResumePlan {
        let finalStates = RowState.allCases.filter { $0.isFinal(retryingFailed: retryingFailed) }.map(\.rawValue)
        let resumable = [RowState.sending, .pending, .failed].map(\.rawValue).filter { !finalStates.contains($0) }
        return try transaction(.read) { connection in
            var plan = ResumePlan()
            // One array rather than a row per record: a million final rows arrive in one value.
            let final = try connector.run(
                """
                SELECT COALESCE(array_agg(record), '{}') FROM \(unescaped: sql.row)
                WHERE job_id = \(job) AND state = ANY(\(finalStates))
                """, on: connection)
            for record in try final.rows.first?.decode([Int].self) ?? [] { plan.skip.insert(record) }
            let prior = try collect(
                """
                SELECT record, state, idempotency_key, key_generation, key_sent_at, body_sha256, attempts, first_attempt_at, last_status
                FROM \(unescaped: sql.row)
                WHERE job_id = \(job) AND idempotency_key IS NOT NULL AND state = ANY(\(resumable))
                """, on: connection
            ) { row -> (Int, PriorAttempt)? in
                let (record, state, key, generation, keySentAt, body, attempts, firstAttemptAt, lastStatus) =
                    try row.decode((Int, String, String, Int, Double?, String?, Int, Double?, Int).self)
                guard let state = RowState(rawValue: state) else { return nil }
                return (record, PriorAttempt(
                    state: state, idempotencyKey: key, keyGeneration: generation, bodySHA256: body, attempts: attempts,
                    firstAttemptAt: firstAttemptAt ?? 0, keySentAt: keySentAt, lastStatus: lastStatus))
            }
            for case let (record, attempt)? in prior where !plan.skip.contains(record) { plan.prior[record] = attempt }
            return plan
        }
    }

    public func counts(job: Int64) throws(LedgerError) -> StateCounts {
        try transaction(.single) { connection in
            let result = try connector.run(
                "SELECT state, count(*) FROM \(unescaped: sql.row) WHERE job_id = \(job) GROUP BY state", on: connection)
            var counts = StateCounts()
            for row in result.rows {
                let (state, count) = try row.decode((String, Int).self)
                if let state = RowState(rawValue: state) { counts.counts[state] = count }
            }
            return counts
        }
    }

    public func rows(job: Int64) throws(LedgerError) -> [LedgerRow] {
        try transaction(.single) { connection in
            try collect("\(unescaped: rowColumns) FROM \(unescaped: sql.row) WHERE job_id = \(job) ORDER BY record", on: connection, Self.ledgerRow)
        }
    }

    public func rows(inStates states: [RowState]) throws(LedgerError) -> [LedgerRow] {
        guard !states.isEmpty else { return [] }
        return try transaction(.single) { connection in
            try collect(
                "\(unescaped: rowColumns) FROM \(unescaped: sql.row) WHERE state = ANY(\(states.map(\.rawValue))) ORDER BY job_id, record",
                on: connection, Self.ledgerRow)
        }
    }

    public func history(referenceIDs: [String]) throws(LedgerError) -> [String: [HistoryEntry]] {
        guard !referenceIDs.isEmpty else { return [:] }
        let states = HistoryEntry.reportedStates.map(\.rawValue)
        return try transaction(.read) { connection in
            var found: [String: [HistoryEntry]] = [:]
            for start in stride(from: 0, to: referenceIDs.count, by: 10_000) {
                let slice = Array(referenceIDs[start..<min(start + 10_000, referenceIDs.count)])
                let result = try connector.run(
                    """
                    SELECT reference_id, job_id, record, state, inquiry_id, first_attempt_at FROM \(unescaped: sql.row)
                    WHERE reference_id = ANY(\(slice)) AND state = ANY(\(states)) ORDER BY job_id, record
                    """, on: connection)
                for row in result.rows {
                    let (reference, job, record, state, inquiry, firstAttemptAt) =
                        try row.decode((String, Int64, Int, String, String?, Double?).self)
                    guard let state = RowState(rawValue: state) else { continue }
                    found[reference, default: []].append(HistoryEntry(
                        job: job, record: record, state: state, inquiryID: inquiry, firstAttemptAt: firstAttemptAt))
                }
            }
            return found
        }
    }

    public func unfinishedJobs(inputPath: String) throws(LedgerError) -> [JobStatus] {
        try jobs(matching: inputPath)
    }

    public func jobs() throws(LedgerError) -> [JobStatus] {
        try jobs(matching: nil)
    }

    /// Every job, or the unfinished ones started from `inputPath`, newest first, with counts.
    private func jobs(matching inputPath: String?) throws(LedgerError) -> [JobStatus] {
        try transaction(.single) { connection in
            var condition: PostgresQuery = ""
            if let inputPath { condition = "WHERE j.completed_at IS NULL AND j.input_path = \(inputPath)" }
            let query = PostgresQuery(
                unsafeSQL: """
                    SELECT j.id, j.fingerprint, j.input_path, j.input_sha256, j.input_bytes, j.template, j.created_at, j.updated_at,
                        j.completed_at, c.state, c.n
                    FROM \(sql.job) j
                    LEFT JOIN LATERAL (
                        SELECT state, count(*) AS n FROM \(sql.row) r WHERE r.job_id = j.id GROUP BY state
                    ) c ON true
                    \(condition.sql)
                    ORDER BY j.id DESC
                    """,
                binds: condition.binds)
            var statuses: [JobStatus] = []
            for row in try connector.run(query, on: connection).rows {
                let (id, fingerprint, path, sha256, bytes, template, createdAt, updatedAt, completedAt, state, count) =
                    try row.decode((Int64, String, String, String, Int64, String, Double, Double, Double?, String?, Int?).self)
                if statuses.last?.job.id != id {
                    let description = JobDescription(
                        fingerprint: fingerprint, inputPath: path, inputSHA256: sha256, inputBytes: bytes, template: template)
                    let job = JobRecord(id: id, description: description, createdAt: createdAt, completedAt: completedAt, isNew: false)
                    statuses.append(JobStatus(job: job, updatedAt: updatedAt, counts: StateCounts()))
                }
                if let state = state.flatMap(RowState.init(rawValue:)), let count {
                    statuses[statuses.count - 1].counts.counts[state] = count
                }
            }
            return statuses
        }
    }

    private var rowColumns: String {
        """
        SELECT job_id, record, line, reference_id, state, idempotency_key, inquiry_id, request_id, attempts, error,
            key_generation, first_attempt_at
        """
    }

    @Sendable static func ledgerRow(_ row: PostgresRow) throws -> LedgerRow {
        let (job, record, line, reference, state, key, inquiry, request, attempts, error, generation, firstAttemptAt) =
            try row.decode((Int64, Int, Int, String?, String, String?, String?, String?, Int, String?, Int, Double?).self)
        var ledgerRow = LedgerRow(
            record: record, line: line, referenceID: reference, state: RowState(rawValue: state) ?? .pending, idempotencyKey: key,
            inquiryID: inquiry, requestID: request, attempts: attempts, error: error)
        ledgerRow.jobID = job
        ledgerRow.keyGeneration = generation
        ledgerRow.firstAttemptAt = firstAttemptAt
        return ledgerRow
    }
}
