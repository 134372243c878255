import Foundation
import ImportLedger
import Logging
import PersonaClient

/// What one `follow` came to.
public struct FollowReport: Sendable, Equatable {
    /// Inquiries whose status was asked for.
    public var asked = 0
    /// List requests sent.
    public var requests = 0
    /// Statuses recorded that changed what the ledger held.
    public var changed = 0
    /// Inquiries Persona did not list (deleted or redacted, or another environment's).
    public var notListed = 0
    /// Why it stopped before the end, if it did.
    public var failure: PersonaFailure?
    /// Stopped by a signal.
    public var cancelled = false

    public init() {}
}

/// Follows a job's created inquiries until their status is final: reads the statuses of those
/// that are not, 100 to a request, and records each batch as it comes (a stop loses nothing
/// already read). A 1,000,000-row job is followed in 10,000 requests.
public struct StatusFollower: Sendable {
    let store: any InquiryStatusStore
    let reader: InquiryStatusReader
    let logger: Logger

    public init(store: any InquiryStatusStore, reader: InquiryStatusReader, logger: Logger) {
        self.store = store
        self.reader = reader
        self.logger = logger
    }

    /// Follows `job`; `now` is the time recorded beside each status.
    public func follow(job: Int64, now: @Sendable () -> Date = Date.init) throws(LedgerError) -> FollowReport {
        var report = FollowReport()
        let ids = try store.inquiriesToFollow(job: job)
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + InquiryStatusReader.batchSize, ids.count)])
            start += batch.count
            report.requests += 1
            switch reader.statuses(of: batch) {
            case nil:
                report.cancelled = true
                return report
            case .failure(let failure)?:
                logger.error("follow stopped", metadata: ["status": "\(failure.status)", "asked": "\(report.asked)"])
                report.failure = failure
                return report
            case .success(let found)?:
                report.asked += batch.count
                let asked = Set(batch)
                let listed = found.filter { asked.contains($0.inquiryID) }
                report.notListed += batch.count - Set(listed.map(\.inquiryID)).count
                let clock = now().timeIntervalSince1970
                let records = listed.map {
                    InquiryStatusRecord(inquiryID: $0.inquiryID, status: $0.status, changedAt: $0.updatedAt?.timeIntervalSince1970 ?? clock)
                }
                report.changed += try store.recordStatuses(records, now: clock)
            }
        }
        logger.info("follow done", metadata: ["asked": "\(report.asked)", "changed": "\(report.changed)", "requests": "\(report.requests)"])
        return report
    }
}
