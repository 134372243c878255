import GRDB

extension SQLiteLedger {
    public func recordStatuses(_ records: [InquiryStatusRecord], now: Double) throws(LedgerError) -> Int {
        guard !records.isEmpty else { return 0 }
        return try write { db in
            var changed = 0
            for record in records {
                let held = try Row.fetchOne(
                    db, sql: "SELECT status, changed_at FROM inquiry_status WHERE inquiry_id = ?", arguments: [record.inquiryID]
                ).map { InquiryStatusRecord(inquiryID: record.inquiryID, status: $0["status"], changedAt: $0["changed_at"]) }
                guard record.supersedes(held) else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO inquiry_status (inquiry_id, status, changed_at, recorded_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (inquiry_id) DO UPDATE SET
                            status = excluded.status, changed_at = excluded.changed_at, recorded_at = excluded.recorded_at
                        """,
                    arguments: [record.inquiryID, record.status, record.changedAt, now])
                changed += 1
            }
            return changed
        }
    }

    public func inquiriesToFollow(job: Int64) throws(LedgerError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT r.inquiry_id FROM row r LEFT JOIN inquiry_status s ON s.inquiry_id = r.inquiry_id
                    WHERE r.job_id = ? AND r.state = 'created' AND r.inquiry_id IS NOT NULL
                        AND (s.status IS NULL OR s.status NOT IN (\(Self.finalList)))
                    ORDER BY r.record
                    """,
                arguments: [job])
        }
    }

    public func statuses(job: Int64) throws(LedgerError) -> [String: InquiryStatusRecord] {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.inquiry_id, s.status, s.changed_at FROM row r JOIN inquiry_status s ON s.inquiry_id = r.inquiry_id
                    WHERE r.job_id = ? AND r.state = 'created'
                    """,
                arguments: [job])
            var found: [String: InquiryStatusRecord] = [:]
            while let row = try cursor.next() {
                let record = InquiryStatusRecord(inquiryID: row["inquiry_id"], status: row["status"], changedAt: row["changed_at"])
                found[record.inquiryID] = record
            }
            return found
        }
    }

    public func statusFunnel(job: Int64) throws(LedgerError) -> [String: Int] {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT COALESCE(s.status, ?) AS status, COUNT(*) AS n
                    FROM row r LEFT JOIN inquiry_status s ON s.inquiry_id = r.inquiry_id
                    WHERE r.job_id = ? AND r.state = 'created' GROUP BY 1
                    """,
                arguments: [InquiryStatusRecord.unknownStatus, job])
            var funnel: [String: Int] = [:]
            while let row = try cursor.next() { funnel[row["status"]] = row["n"] }
            return funnel
        }
    }

    /// `'approved', 'declined', …`: the final statuses as an SQL list.
    static var finalList: String {
        InquiryStatusRecord.finalStatuses.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }
}
