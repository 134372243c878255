extension InMemoryLedger {
    public func recordStatuses(_ records: [InquiryStatusRecord], now: Double) throws(LedgerError) -> Int {
        withStatuses { held in
            var changed = 0
            for record in records where record.supersedes(held[record.inquiryID]) {
                held[record.inquiryID] = record
                changed += 1
            }
            return changed
        }
    }

    public func inquiriesToFollow(job: Int64) throws(LedgerError) -> [String] {
        let held = withStatuses { $0 }
        return try createdInquiryIDs(job: job).filter { id in
            held[id].map { !InquiryStatusRecord.finalStatuses.contains($0.status) } ?? true
        }
    }

    public func statuses(job: Int64) throws(LedgerError) -> [String: InquiryStatusRecord] {
        let held = withStatuses { $0 }
        var found: [String: InquiryStatusRecord] = [:]
        for id in try createdInquiryIDs(job: job) { found[id] = held[id] }
        return found
    }

    public func statusFunnel(job: Int64) throws(LedgerError) -> [String: Int] {
        let held = withStatuses { $0 }
        var funnel: [String: Int] = [:]
        for id in try createdInquiryIDs(job: job) { funnel[held[id]?.status ?? InquiryStatusRecord.unknownStatus, default: 0] += 1 }
        return funnel
    }

    private func createdInquiryIDs(job: Int64) throws(LedgerError) -> [String] {
        try rows(job: job).filter { $0.state == .created }.compactMap(\.inquiryID)
    }
}
