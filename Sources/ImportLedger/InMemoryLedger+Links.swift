extension InMemoryLedger {
    public func recordLinks(_ links: [(inquiryID: String, link: OneTimeLink)], now: Double) throws(LedgerError) {
        withLinks { held in
            for (inquiryID, link) in links { held[inquiryID] = link }
        }
    }

    public func linkTargets(job: Int64, all: Bool, now: Double) throws(LedgerError) -> [String] {
        let held = withLinks { $0 }
        return try rows(job: job).filter { $0.state == .created }.compactMap(\.inquiryID).filter { id in
            all || (held[id].map { $0.expiresAt <= now } ?? true)
        }
    }

    public func links(job: Int64) throws(LedgerError) -> [String: OneTimeLink] {
        let held = withLinks { $0 }
        var found: [String: OneTimeLink] = [:]
        for id in try rows(job: job).filter({ $0.state == .created }).compactMap(\.inquiryID) { found[id] = held[id] }
        return found
    }
}
