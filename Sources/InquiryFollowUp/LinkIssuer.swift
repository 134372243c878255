import Foundation
import ImportLedger
import Logging
import PersonaClient

/// What one `links` came to.
public struct LinkReport: Sendable, Equatable {
    /// Inquiries a link was asked for.
    public var asked = 0
    /// Links issued and recorded.
    public var issued = 0
    /// Inquiries Persona would not give a link (finished, deleted, another environment's):
    /// their id and Persona's answer.
    public var refused: [String: String] = [:]
    /// Why it stopped before the end (the key refused, the API unreachable), if it did.
    public var stoppedBy: PersonaFailure?
    /// Stopped by a signal.
    public var cancelled = false

    public init() {}
}

/// Issues fresh one-time links (`POST /inquiries/{id}/generate-one-time-link`) for a job's
/// created inquiries that have none or whose link has expired (every one with `all`), through
/// the rate gate, recording each link as soon as it comes: a stop loses no link already issued,
/// and a rerun asks only for those still missing.
public struct LinkIssuer: Sendable {
    let store: any InquiryLinkStore
    let client: PersonaAPIClient
    let gate: RateGate
    let logger: Logger

    public init(store: any InquiryLinkStore, client: PersonaAPIClient, gate: RateGate, logger: Logger) {
        self.store = store
        self.client = client
        self.gate = gate
        self.logger = logger
    }

    /// Issues links for `job`; `expiresIn` seconds (nil: the template's setting, by default 24 hours).
    public func issue(job: Int64, all: Bool, expiresIn: Int?, now: @Sendable () -> Date = Date.init) throws(LedgerError) -> LinkReport {
        var report = LinkReport()
        for inquiryID in try store.linkTargets(job: job, all: all, now: now().timeIntervalSince1970) {
            report.asked += 1
            switch issueOne(inquiryID, expiresIn: expiresIn) {
            case .cancelled:
                report.cancelled = true
                return report
            case .stop(let failure):
                report.stoppedBy = failure
                logger.error("links stopped", metadata: ["status": "\(failure.status)", "issued": "\(report.issued)"])
                return report
            case .refused(let failure):
                report.refused[inquiryID] = failure.description
                logger.warning("no link for an inquiry", metadata: ["inquiry": "\(inquiryID)", "status": "\(failure.status)"])
            case .issued(let link):
                let issuedAt = now().timeIntervalSince1970
                let lifetime = expiresIn.map(Double.init) ?? OneTimeLink.defaultLifetime
                try store.recordLinks(
                    [(inquiryID, OneTimeLink(url: link.url, shortURL: link.shortURL, expiresAt: issuedAt + lifetime))], now: issuedAt)
                report.issued += 1
            }
        }
        logger.info("links done", metadata: ["asked": "\(report.asked)", "issued": "\(report.issued)"])
        return report
    }

    private enum Attempt {
        case issued(IssuedLink)
        case refused(PersonaFailure)
        case stop(PersonaFailure)
        case cancelled
    }

    /// One inquiry's link: a 429 waits for the window (up to the reader's limit of tries); 5xx
    /// and no answer are tried again, a second apart; 401 and 403 stop everything; any other
    /// refusal is that inquiry's.
    private func issueOne(_ inquiryID: String, expiresIn: Int?) -> Attempt {
        var failures = 0, rateLimited = 0
        while true {
            guard let ticket = gate.acquire(isCreate: false) else { return .cancelled }
            let answer = client.generateOneTimeLink(inquiryID: inquiryID, expiresInSeconds: expiresIn)
            gate.complete(ticket, limits: answer.limits, limitedBy: answer.status == 429 ? .rate : nil)
            switch answer.outcome {
            case .success(let link):
                return .issued(link)
            case .failure(let failure) where failure.status == 429:
                rateLimited += 1
                if rateLimited >= InquiryStatusReader.rateLimitedTries { return .stop(failure) }
            case .failure(let failure) where failure.status == 401 || failure.status == 403:
                return .stop(failure)
            case .failure(let failure) where failure.status == 0 || failure.status >= 500:
                failures += 1
                guard failures < InquiryStatusReader.serverErrorTries else { return .stop(failure) }
                Thread.sleep(forTimeInterval: 1)
            case .failure(let failure):
                return .refused(failure)
            }
        }
    }
}
