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
    /// Attempts made by earlier runs.
    var priorAttempts: Int
}

/// Counts the run's retries and 429s across workers.
final class SendCounters: @unchecked Sendable {
    // @unchecked: guarded by `lock`.
    private let lock = NSLock()
    private var retriesValue = 0
    private var rateLimitedValue = 0

    func addRetry() { lock.withLock { retriesValue += 1 } }
    func addRateLimited() { lock.withLock { rateLimitedValue += 1 } }
    var retries: Int { lock.withLock { retriesValue } }
    var rateLimited: Int { lock.withLock { rateLimitedValue } }
}

/// Sends one row until it has a final answer, the retries run out, or the run stops; says what
/// the ledger should record. Every attempt carries the same body and Idempotency-Key.
struct InquirySender: Sendable {
    let client: PersonaAPIClient
    let control: RunControl
    let policy: RetryPolicy
    let counters: SendCounters
    let logger: Logger

    func send(_ item: WorkItem) -> RowUpdate {
        var attempts = item.priorAttempts
        var serverErrors = 0
        var networkErrors = 0
        var limited = 0
        var lastError: String?
        var lastRequestID: String?
        var sentThisRun = false
        while true {
            // Stopped, or stopping: a row never sent goes back to pending; one that may have
            // reached Persona stays `sending` for the next run.
            let stopped = { () -> RowUpdate in
                attempts == 0 ? .unsent(record: item.record) : .interrupted(record: item.record, attempts: attempts, error: lastError)
            }
            guard control.stopReason == nil, let ticket = control.gate.acquire(isCreate: true) else { return stopped() }
            if sentThisRun { counters.addRetry() }
            sentThisRun = true
            attempts += 1
            let answer = client.create(item.body, idempotencyKey: item.idempotencyKey)
            lastRequestID = answer.requestID ?? lastRequestID
            control.gate.complete(ticket, limits: answer.limits, limitedBy: answer.outcome.limitKind)

            switch answer.outcome {
            case .created(let inquiryID):
                return .created(record: item.record, inquiryID: inquiryID, requestID: answer.requestID, attempts: attempts)
            case .refused(let failure):
                logFailure(item, failure.description, answer.requestID)
                return .failed(record: item.record, error: failure.description, requestID: answer.requestID, attempts: attempts)
            case .rateLimited(let failure):
                // Not stored by Persona and nothing created: not an attempt that counts.
                attempts -= 1
                counters.addRateLimited()
                limited += 1
                lastError = failure.description
                if limited > policy.rateLimitedRetries {
                    return .interrupted(record: item.record, attempts: attempts, error: "still rate limited after \(limited) tries")
                }
            case .keyRejected(let failure):
                // A 401/403 creates nothing; earlier attempts may have.
                attempts -= 1
                control.stop(.keyRejected(failure))
                lastError = failure.description
                return stopped()
            case .serverError(let failure):
                // The one place where a 5xx is handled: retried with the same key, bounded.
                serverErrors += 1
                lastError = failure.description
                logger.debug("server error, will retry", metadata: metadata(item, answer.requestID, failure.description))
                if serverErrors >= policy.serverErrorAttempts {
                    logFailure(item, "\(failure.description), \(serverErrors) attempts", lastRequestID)
                    return .interrupted(record: item.record, attempts: attempts, error: failure.description)
                }
                guard control.sleep(seconds: policy.backoff.delay(attempt: serverErrors)) else { return stopped() }
            case .noResponse(let reason):
                networkErrors += 1
                lastError = reason
                logger.debug("no response, will retry", metadata: metadata(item, nil, reason))
                if networkErrors >= policy.networkAttempts {
                    logFailure(item, "\(reason), \(networkErrors) attempts", lastRequestID)
                    return .interrupted(record: item.record, attempts: attempts, error: reason)
                }
                guard control.sleep(seconds: policy.backoff.delay(attempt: networkErrors)) else { return stopped() }
            }
        }
    }

    private func metadata(_ item: WorkItem, _ requestID: String?, _ error: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["line": "\(item.line)", "error": "\(error)"]
        if let reference = item.referenceID { metadata["reference-id"] = "\(reference)" }
        if let requestID { metadata["request-id"] = "\(requestID)" }
        return metadata
    }

    private func logFailure(_ item: WorkItem, _ error: String, _ requestID: String?) {
        logger.warning("row not created", metadata: metadata(item, requestID, error))
    }
}
