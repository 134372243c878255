import Foundation
import ImportLedger
import Logging
import PersonaClient

/// One row ready to send: its body, its key and what earlier runs did with it.
struct WorkItem: Sendable {
    var record: Int
    var line: Int
    var referenceID: String?
    var body: InquiryRequestBody
    var idempotencyKey: String
    var keyGeneration: Int
    /// Attempts made by earlier runs.
    var priorAttempts: Int
    /// When the row was first attempted under any key (wall clock, seconds since 1970).
    var firstAttemptAt: Double
    /// When its current key was first sent.
    var keySentAt: Double
    /// The last answer an earlier run got (0: none).
    var lastStatus: Int
    /// An earlier run left the row `sending`: it may have been sent, and the process may have
    /// died before recording the answer (a 5xx after a commit among them).
    var resumedSending: Bool
}

/// Counts the run's retries, 429s and reconciliations across workers.
final class SendCounters: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var retriesValue = 0
    private var rateLimitedValue = 0
    private var reconciledValue = 0

    func addRetry() { lock.withLock { retriesValue += 1 } }
    func addRateLimited() { lock.withLock { rateLimitedValue += 1 } }
    func addReconciliation() { lock.withLock { reconciledValue += 1 } }
    var retries: Int { lock.withLock { retriesValue } }
    var rateLimited: Int { lock.withLock { rateLimitedValue } }
    var reconciliations: Int { lock.withLock { reconciledValue } }
}

/// What a sender needs that is the same for every row.
struct SendContext: Sendable {
    let client: PersonaAPIClient
    let lookup: InquiryLookup
    let ledger: any Ledger
    let retry: LedgerRetry
    let job: JobRecord
    let templateID: String
    let control: RunControl
    let options: ImportOptions
    let counters: SendCounters
    let logger: Logger
}

/// Sends one row until it has a final answer, the retries run out, or the run stops, and says
/// what the ledger should record. This is the exactly-once protocol's sending half:
///
/// - every attempt under one key carries the same body, so Persona replays rather than creates;
/// - after a 5xx (whose outcome Persona does not promise to have stored), when an earlier run
///   died with the row `sending` (it may have drawn such a 5xx without recording it), or when
///   the key was first sent longer ago than the idempotency window (Persona may have forgotten
///   it), the row is first looked up by reference-id: one inquiry → created; several →
///   duplicate-found; none → a new key is committed to the ledger and the row is sent under it;
/// - a row without a reference-id cannot be looked up: past the window it becomes indeterminate.
struct InquirySender: Sendable {
    let context: SendContext

    private var now: Double { Date().timeIntervalSince1970 }

    func send(_ item: WorkItem) -> RowUpdate {
        let policy = context.options.retry
        let control = context.control
        var key = item.idempotencyKey
        var generation = item.keyGeneration
        var keySentAt = item.keySentAt
        var attempts = item.priorAttempts
        var sentUnderKey = item.priorAttempts > 0 || item.resumedSending
        // A row left `sending` by a run that died may have drawn a 5xx that created the inquiry
        // without storing the key: resending under the key would create it again. Look first.
        var outcomeUnknown = item.lastStatus >= 500 || (item.resumedSending && item.referenceID != nil)
        var lastStatus = item.lastStatus
        var serverErrors = 0, networkErrors = 0, lookupFailures = 0, limited = 0
        var lastError: String?
        var sentThisRun = false

        // Stopped: a row never sent goes back to pending; one that may have reached Persona stays
        // `sending` for the next run.
        func stopped() -> RowUpdate {
            attempts == 0 && !sentUnderKey
                ? .unsent(record: item.record)
                : .interrupted(record: item.record, attempts: attempts, error: lastError, lastStatus: lastStatus)
        }

        while true {
            guard control.stopReason == nil else { return stopped() }

            // Resend under the same key, or find out first what the earlier attempts did.
            let pastWindow = sentUnderKey && now - keySentAt >= context.options.idempotencyWindow
            if outcomeUnknown || pastWindow {
                if let reference = item.referenceID {
                    context.counters.addReconciliation()
                    let since = Date(timeIntervalSince1970: item.firstAttemptAt - context.options.reconcileMargin)
                    switch context.lookup.inquiryIDs(referenceID: reference, createdSince: since, templateID: context.templateID) {
                    case nil:
                        return stopped()
                    case .failure(let failure)?:
                        lookupFailures += 1
                        lastError = "reconciliation: \(failure)"
                        if lookupFailures >= policy.networkAttempts || failure.status == 401 || failure.status == 403 {
                            log("row not reconciled", item, nil, lastError ?? "")
                            return .interrupted(record: item.record, attempts: attempts, error: lastError, lastStatus: lastStatus)
                        }
                        guard control.sleep(seconds: policy.backoff.delay(attempt: lookupFailures)) else { return stopped() }
                        continue
                    case .success(let ids)?:
                        if ids.count == 1 {
                            return .created(record: item.record, inquiryID: ids[0], requestID: nil, attempts: attempts)
                        }
                        if ids.count > 1 {
                            log("several inquiries for one row", item, nil, "\(ids.count) inquiries")
                            return .duplicateFound(record: item.record, inquiryIDs: ids, attempts: attempts)
                        }
                        // Nothing was created: a new key, committed before it is used.
                        generation += 1
                        key = ImportRun.idempotencyKey(job: context.job.description.fingerprint, record: item.record, generation: generation)
                        let time = now
                        let intent = SendIntent(
                            record: item.record, line: item.line, referenceID: item.referenceID, idempotencyKey: key,
                            keyGeneration: generation, bodySHA256: item.body.sha256, firstAttemptAt: item.firstAttemptAt)
                        do {
                            try context.retry.perform("new key") { () throws(LedgerError) in
                                try context.ledger.markSending([intent], job: context.job.id, now: time)
                            }
                        } catch {
                            control.stop(.error("\(error)"))
                            return stopped()
                        }
                        keySentAt = time
                        sentUnderKey = false
                        outcomeUnknown = false
                        lastStatus = 0
                    }
                } else if pastWindow {
                    return .indeterminate(
                        record: item.record, attempts: attempts,
                        error: "sent with no final answer (\(lastError ?? "from an earlier run")), past the idempotency window, "
                            + "and no reference-id to look it up by")
                }
            }

            guard let ticket = control.gate.acquire(isCreate: true) else { return stopped() }
            if sentThisRun { context.counters.addRetry() }
            sentThisRun = true
            attempts += 1
            if !sentUnderKey {
                sentUnderKey = true
                if keySentAt <= 0 { keySentAt = now }
            }
            let answer = context.client.create(item.body, idempotencyKey: key)
            control.gate.complete(ticket, limits: answer.limits, limitedBy: answer.outcome.limitKind)
            lastStatus = answer.status

            switch answer.outcome {
            case .created(let inquiryID):
                return .created(record: item.record, inquiryID: inquiryID, requestID: answer.requestID, attempts: attempts)
            case .refused(let failure):
                log("row not created", item, answer.requestID, failure.description)
                return .failed(record: item.record, error: failure.description, requestID: answer.requestID, attempts: attempts)
            case .rateLimited(let failure):
                // Not stored by Persona and nothing created: not an attempt that counts.
                attempts -= 1
                context.counters.addRateLimited()
                limited += 1
                lastError = failure.description
                if limited > policy.rateLimitedRetries {
                    return .interrupted(record: item.record, attempts: attempts, error: "still rate limited after \(limited) tries", lastStatus: 429)
                }
            case .keyRejected(let failure):
                // A 401/403 creates nothing; earlier attempts may have.
                attempts -= 1
                if attempts == 0 { sentUnderKey = item.priorAttempts > 0 }
                lastStatus = item.lastStatus
                control.stop(.keyRejected(failure))
                lastError = failure.description
                return stopped()
            case .serverError(let failure):
                serverErrors += 1
                outcomeUnknown = true
                lastError = failure.description
                log("server error", item, answer.requestID, failure.description, level: .debug)
                if serverErrors >= policy.serverErrorAttempts {
                    log("row left unresolved", item, answer.requestID, "\(failure.description), \(serverErrors) attempts")
                    return .interrupted(record: item.record, attempts: attempts, error: failure.description, lastStatus: answer.status)
                }
                guard control.sleep(seconds: policy.backoff.delay(attempt: serverErrors)) else { return stopped() }
            case .noResponse(let reason):
                networkErrors += 1
                lastError = reason
                log("no response", item, nil, reason, level: .debug)
                if networkErrors >= policy.networkAttempts {
                    log("row left unresolved", item, nil, "\(reason), \(networkErrors) attempts")
                    return .interrupted(record: item.record, attempts: attempts, error: reason, lastStatus: 0)
                }
                guard control.sleep(seconds: policy.backoff.delay(attempt: networkErrors)) else { return stopped() }
            }
        }
    }

    private func log(_ message: Logger.Message, _ item: WorkItem, _ requestID: String?, _ error: String, level: Logger.Level = .warning) {
        var metadata: Logger.Metadata = ["line": "\(item.line)", "error": "\(error)"]
        if let reference = item.referenceID { metadata["reference-id"] = "\(reference)" }
        if let requestID { metadata["request-id"] = "\(requestID)" }
        context.logger.log(level: level, message, metadata: metadata)
    }
}
