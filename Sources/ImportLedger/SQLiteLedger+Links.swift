import GRDB

extension SQLiteLedger {
    public func recordLinks(_ links: [(inquiryID: String, link: OneTimeLink)], now: Double) throws(LedgerError) {
        guard !links.isEmpty else { return }
        try write { db in
            for (inquiryID, link) in links {
                try db.execute(
                    sql: """
                        INSERT INTO inquiry_link (inquiry_id, url, short_url, expires_at, issued_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (inquiry_id) DO UPDATE SET
                            url = excluded.url, short_url = excluded.short_url, expires_at = excluded.expires_at,
                            issued_at = excluded.issued_at
                        """,
                    arguments: [inquiryID, link.url, link.shortURL, link.expiresAt, now])
            }
        }
    }

    public func linkTargets(job: Int64, all: Bool, now: Double) throws(LedgerError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT r.inquiry_id FROM row r LEFT JOIN inquiry_link l ON l.inquiry_id = r.inquiry_id
                    WHERE r.job_id = ? AND r.state = 'created' AND r.inquiry_id IS NOT NULL
                        AND (? OR l.inquiry_id IS NULL OR l.expires_at <= ?)
                    ORDER BY r.record
                    """,
                arguments: [job, all, now])
        }
    }

    public func links(job: Int64) throws(LedgerError) -> [String: OneTimeLink] {
        try read { db in
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT l.inquiry_id, l.url, l.short_url, l.expires_at FROM row r JOIN inquiry_link l ON l.inquiry_id = r.inquiry_id
                    WHERE r.job_id = ? AND r.state = 'created'
                    """,
                arguments: [job])
            var found: [String: OneTimeLink] = [:]
            while let row = try cursor.next() {
                found[row["inquiry_id"]] = OneTimeLink(url: row["url"], shortURL: row["short_url"], expiresAt: row["expires_at"])
            }
            return found
        }
    }
}
