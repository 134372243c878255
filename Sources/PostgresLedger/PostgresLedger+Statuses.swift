import ImportLedger
import PostgresNIO

extension PostgresLedger {
    public func recordStatuses(_ records: [InquiryStatusRecord], now: Double) throws(LedgerError) -> Int {
        guard !records.isEmpty else { return 0 }
        let table = sql.inquiryStatus
        return try transaction(.write) { connection in
            // A `follow` and the webhook receiver may write at once: a new inquiry is inserted
            // (a concurrent insert waits, then finds it); one already held is locked, decided
            // in Swift by the one rule every ledger follows, then updated.
            var changed = 0
            for record in records {
                let inserted = try connector.run(
                    """
                    INSERT INTO \(unescaped: table) (inquiry_id, status, changed_at, recorded_at)
                    VALUES (\(record.inquiryID), \(record.status), \(record.changedAt), \(now))
                    ON CONFLICT (inquiry_id) DO NOTHING RETURNING inquiry_id
                    """, on: connection)
                if !inserted.rows.isEmpty {
                    changed += 1
                    continue
                }
                let held = try connector.run(
                    "SELECT status, changed_at FROM \(unescaped: table) WHERE inquiry_id = \(record.inquiryID) FOR UPDATE",
                    on: connection
                ).rows.first.map { row in
                    let (status, changedAt) = try row.decode((String, Double).self)
                    return InquiryStatusRecord(inquiryID: record.inquiryID, status: status, changedAt: changedAt)
                }
                guard record.supersedes(held) else { continue }
                _ = try connector.run(
                    """
                    UPDATE \(unescaped: table) SET status = \(record.status), changed_at = \(record.changedAt), recorded_at = \(now)
                    WHERE inquiry_id = \(record.inquiryID)
                    """, on: connection)
                changed += 1
            }
            return changed
        }
    }

    public func inquiriesToFollow(job: Int64) throws(LedgerError) -> [String] {
        let finals = InquiryStatusRecord.finalStatuses.sorted()
        return try transaction(.single) { connection in
            try collect(
                """
                SELECT r.inquiry_id FROM \(unescaped: sql.row) r LEFT JOIN \(unescaped: sql.inquiryStatus) s ON s.inquiry_id = r.inquiry_id
                WHERE r.job_id = \(job) AND r.state = 'created' AND r.inquiry_id IS NOT NULL
                    AND (s.status IS NULL OR NOT s.status = ANY(\(finals)))
                ORDER BY r.record
                """, on: connection
            ) { row in try row.decode(String.self) }
        }
    }

    public func statuses(job: Int64) throws(LedgerError) -> [String: InquiryStatusRecord] {
        let records = try transaction(.single) { connection in
            try collect(
                """
                SELECT s.inquiry_id, s.status, s.changed_at FROM \(unescaped: sql.row) r
                JOIN \(unescaped: sql.inquiryStatus) s ON s.inquiry_id = r.inquiry_id
                WHERE r.job_id = \(job) AND r.state = 'created'
                """, on: connection
            ) { row in
                let (id, status, changedAt) = try row.decode((String, String, Double).self)
                return InquiryStatusRecord(inquiryID: id, status: status, changedAt: changedAt)
            }
        }
        return Dictionary(records.map { ($0.inquiryID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func statusFunnel(job: Int64) throws(LedgerError) -> [String: Int] {
        try transaction(.single) { connection in
            let result = try connector.run(
                """
                SELECT COALESCE(s.status, \(InquiryStatusRecord.unknownStatus)), count(*) FROM \(unescaped: sql.row) r
                LEFT JOIN \(unescaped: sql.inquiryStatus) s ON s.inquiry_id = r.inquiry_id
                WHERE r.job_id = \(job) AND r.state = 'created' GROUP BY 1
                """, on: connection)
            var funnel: [String: Int] = [:]
            for row in result.rows {
                let (status, count) = try row.decode((String, Int).self)
                funnel[status] = count
            }
            return funnel
        }
    }
}
