import ImportLedger
import PostgresNIO

extension PostgresLedger {
    public func recordLinks(_ links: [(inquiryID: String, link: OneTimeLink)], now: Double) throws(LedgerError) {
        guard !links.isEmpty else { return }
        let table = sql.inquiryLink
        try transaction(links.count == 1 ? .single : .write) { connection in
            for (inquiryID, link) in links {
                _ = try connector.run(
                    """
                    INSERT INTO \(unescaped: table) (inquiry_id, url, short_url, expires_at, issued_at)
                    VALUES (\(inquiryID), \(link.url), \(link.shortURL), \(link.expiresAt), \(now))
                    ON CONFLICT (inquiry_id) DO UPDATE SET
                        url = excluded.url, short_url = excluded.short_url, expires_at = excluded.expires_at, issued_at = excluded.issued_at
                    """, on: connection)
            }
        }
    }

    public func linkTargets(job: Int64, all: Bool, now: Double) throws(LedgerError) -> [String] {
        try transaction(.single) { connection in
            try collect(
                """
                SELECT r.inquiry_id FROM \(unescaped: sql.row) r LEFT JOIN \(unescaped: sql.inquiryLink) l ON l.inquiry_id = r.inquiry_id
                WHERE r.job_id = \(job) AND r.state = 'created' AND r.inquiry_id IS NOT NULL
                    AND (\(all) OR l.inquiry_id IS NULL OR l.expires_at <= \(now))
                ORDER BY r.record
                """, on: connection
            ) { row in try row.decode(String.self) }
        }
    }

    public func links(job: Int64) throws(LedgerError) -> [String: OneTimeLink] {
        let found = try transaction(.single) { connection in
            try collect(
                """
                SELECT l.inquiry_id, l.url, l.short_url, l.expires_at FROM \(unescaped: sql.row) r
                JOIN \(unescaped: sql.inquiryLink) l ON l.inquiry_id = r.inquiry_id
                WHERE r.job_id = \(job) AND r.state = 'created'
                """, on: connection
            ) { row in
                let (id, url, short, expiresAt) = try row.decode((String, String, String?, Double).self)
                return (id, OneTimeLink(url: url, shortURL: short, expiresAt: expiresAt))
            }
        }
        return Dictionary(found, uniquingKeysWith: { first, _ in first })
    }
}
