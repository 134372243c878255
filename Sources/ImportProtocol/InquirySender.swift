import Foundation
import ImportCore
import ImportLedger
import Locking
import Logging
import PersonaClient

/// One row ready to send: its body, its key and what earlier runs did with it.
struct WorkItem: Sendable {
    var record: Int
    var line: Int
    var referenceID: String?
    var body: InquiryRequestBody
    /// The fields of the body, to tell a found inquiry of this row's from a sibling's.
    var fields: [(key: String, value: String)]
    var idempotencyKey: String
    var keyGeneration: Int
    /// Attempts made by earlier runs under the current key.
    var priorAttempts: Int
    /// When the row was first attempted under any key (wall clock, seconds since 1970).
    var firstAttemptAt: Double
    /// When its current key was first sent.
    var keySentAt: Double
    /// The last answer an earlier run got (0: none).
    var lastStatus: Int
    /// An earlier run left the row `sending`: it may have been sent, and the process may have
    /// died before recording the answer (a 5xx after a commit among them).
    var mayHaveReachedPersona: Bool
    /// It may have reached Persona with another body than today's (see
    /// ``SendDecisions/bodyChanged(prior:bodySHA256:)``).
    var bodyChanged: Bool
    /// The digest the intent records: the body the key went out with, until the key changes.
    var intentDigest: String
    /// Other jobs' rows for the person whose requests may have reached Persona.
    var inFlight: [HistoryEntry]

    /// The create's `meta` key that asks Persona for a one-time link.
    static let autoCreateOneTimeLink = "auto-create-one-time-link"

    /// The row as the create stage sends it this run.
    init(_ row: PlannedRow, fingerprint: String, inFlight: [HistoryEntry], now: Double, oneTimeLinks: Bool = false) {
        var draft = row.valid.draft
        // A changed body goes under a new key, like any other change (SendDecisions.key).
        if oneTimeLinks, !draft.meta.contains(where: { $0.key == Self.autoCreateOneTimeLink }) {
            draft.meta.append((key: Self.autoCreateOneTimeLink, value: .bool(true)))
        }
        let body = InquiryRequestBody(draft)
        let digest = body.sha256
        var prior = row.prior
        if let earlier = prior, SendDecisions.key(prior: earlier, bodySHA256: digest) == .next {
            let generation = earlier.keyGeneration + 1
            prior?.keyGeneration = generation
            prior?.idempotencyKey = IdempotencyKey.of(job: fingerprint, record: row.valid.number, generation: generation)
            prior?.attempts = 0
            prior?.lastStatus = 0
            prior?.keySentAt = now
            prior?.bodySHA256 = digest
        }
        record = row.valid.number
        line = row.valid.line
        referenceID = row.valid.draft.referenceID
        self.body = body
        fields = row.valid.draft.fields
        keyGeneration = prior?.keyGeneration ?? 0
        idempotencyKey = prior?.idempotencyKey ?? IdempotencyKey.of(job: fingerprint, record: record, generation: keyGeneration)
        priorAttempts = prior?.attempts ?? 0
        firstAttemptAt = prior?.firstAttemptAt ?? now
        keySentAt = prior?.keySentAt ?? now
        lastStatus = prior?.lastStatus ?? 0
        mayHaveReachedPersona = prior?.mayHaveReachedPersona ?? false
        bodyChanged = SendDecisions.bodyChanged(prior: prior, bodySHA256: digest)
        intentDigest = bodyChanged ? (prior?.bodySHA256 ?? digest) : digest
        self.inFlight = inFlight
    }

    /// The intent committed before the row is handed to a worker.
    var intent: SendIntent {
        SendIntent(
            record: record, line: line, referenceID: referenceID, idempotencyKey: idempotencyKey, keyGeneration: keyGeneration,
            bodySHA256: intentDigest, firstAttemptAt: firstAttemptAt)
    }

    /// When the person may first have been sent for, in this job or another.
    var earliestAttempt: Double {
        ([firstAttemptAt] + inFlight.compactMap(\.firstAttemptAt)).min() ?? firstAttemptAt
    }
}

/// Counts the run's retries, 429s and reconciliations across workers.
public final class SendCounters: Sendable {
    private let counts = Locked((retries: 0, rateLimited: 0, reconciliations: 0))

    public init() {}

    func addRetry() { counts.withLock { $0.retries += 1 } }
    func addRateLimited() { counts.withLock { $0.rateLimited += 1 } }
    func addReconciliation() { counts.withLock { $0.reconciliations += 1 } }
    public var retries: Int { counts.withLock { $0.retries } }
    public var rateLimited: Int { counts.withLock { $0.rateLimited } }
    public var reconciliations: Int { counts.withLock { $0.reconciliations } }
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
    let options: SendOptions
    let counters: SendCounters
    let logger: Logger
}

/// Sends one row until it has a final answer, the retries run out, or the run stops, and says
/// what the ledger should record. This is the exactly-once protocol's sending half; what it
/// decides comes from ``SendDecisions``:
///
/// - every attempt under one key carries the same body, so Persona replays rather than creates;
/// - after a 5xx (whose outcome Persona does not promise to have stored), when an earlier run
///   died with the row `sending`, when its body changed since, when another job's request for the
///   person may have reached Persona, or when the key was first sent longer ago than the
///   idempotency window, the person is first looked up by reference-id, and what is found
///   settles this row and the person's rows in other jobs;
/// - a row without a reference-id cannot be looked up: past the window it becomes indeterminate.
struct InquirySender: Sendable {
    let context: SendContext

    private var now: Double { Date().timeIntervalSince1970 }

    /// What one row's sending knows so far.
    private struct Progress {
        var key: String
        var generation: Int
        var keySentAt: Double
        var attempts: Int
        var lastStatus: Int
        /// A request under the current key may have reached Persona (this run or an earlier one).
        var mayHaveReached: Bool
        /// An earlier attempt may have created the inquiry without Persona keeping the answer.
        var outcomeUnknown: Bool
        var bodyChanged: Bool
        var inFlight: [HistoryEntry]
        var lastError: String?

        init(_ item: WorkItem) {
            key = item.idempotencyKey
            generation = item.keyGeneration
            keySentAt = item.keySentAt
            attempts = item.priorAttempts
            lastStatus = item.lastStatus
            mayHaveReached = item.mayHaveReachedPersona
            outcomeUnknown = item.lastStatus >= 500 || (item.mayHaveReachedPersona && item.referenceID != nil) || !item.inFlight.isEmpty
            bodyChanged = item.bodyChanged
            inFlight = item.inFlight
        }

        /// Stopped: a row that cannot have reached Persona goes back to pending; one that may
        /// have stays `sending` for the next run.
        func stopped(_ item: WorkItem) -> RowUpdate {
            attempts == 0 && !mayHaveReached
                ? .unsent(record: item.record)
                : .interrupted(record: item.record, attempts: attempts, error: lastError, lastStatus: lastStatus)
        }
    }

    /// Tries made for one row this run, by kind: each kind has its own limit.
    private struct Tries {
        var serverErrors = 0
        var networkErrors = 0
        var lookupFailures = 0
        var rateLimited = 0
        var sent = false
    }

    /// What comes after one step of a row's sending.
    private enum Step {
        /// The row's outcome, for the ledger.
        case done(RowUpdate)
        /// Go on to the next step (after any pause this one took).
        case next
        /// Start the row's turn again (after a pause): the look-up is tried again.
        case again
    }

    func send(_ item: WorkItem) -> RowUpdate {
        var progress = Progress(item)
        var tries = Tries()
        while true {
            guard context.control.stopReason == nil else { return progress.stopped(item) }
            switch beforeAttempt(item, &progress, &tries) {
            case .done(let update): return update
            case .again: continue
            case .next: break
            }
            if case .done(let update) = attempt(item, &progress, &tries) { return update }
        }
    }

    /// Decides whether the row is looked up before it is sent (``SendDecisions/beforeAttempt``)
    /// and does so. `.next` means: send now.
    private func beforeAttempt(_ item: WorkItem, _ progress: inout Progress, _ tries: inout Tries) -> Step {
        let pastWindow = progress.mayHaveReached && now - progress.keySentAt >= context.options.idempotencyWindow
        switch SendDecisions.beforeAttempt(
            hasReferenceID: item.referenceID != nil, outcomeUnknown: progress.outcomeUnknown, pastWindow: pastWindow,
            bodyChanged: progress.bodyChanged)
        {
        case .indeterminate(let reason):
            return .done(.indeterminate(record: item.record, attempts: progress.attempts, error: reason))
        case .send:
            return .next
        case .lookUp:
            switch lookUp(item, &progress) {
            case .decided(let update): return .done(update)
            case .sendNow: return .next
            case .retryLookUp:
                tries.lookupFailures += 1
                if tries.lookupFailures >= context.options.retry.networkAttempts {
                    log("row not reconciled", item, nil, progress.lastError ?? "")
                    return .done(.interrupted(
                        record: item.record, attempts: progress.attempts, error: progress.lastError, lastStatus: progress.lastStatus))
                }
                return pause(attempt: tries.lookupFailures, item, progress) ?? .again
            }
        }
    }

    /// Sends the row once, through the rate gate, and reads the answer.
    private func attempt(_ item: WorkItem, _ progress: inout Progress, _ tries: inout Tries) -> Step {
        let control = context.control
        guard let ticket = control.gate.acquire(isCreate: true) else { return .done(progress.stopped(item)) }
        if tries.sent { context.counters.addRetry() }
        tries.sent = true
        progress.attempts += 1
        let reachedBefore = progress.mayHaveReached
        if !progress.mayHaveReached {
            progress.mayHaveReached = true
            if progress.keySentAt <= 0 { progress.keySentAt = now }
        }
        let answer = context.client.create(item.body, idempotencyKey: progress.key)
        control.gate.complete(ticket, limits: answer.limits, limitedBy: answer.outcome.limitKind)
        progress.lastStatus = answer.status
        return read(answer, item, reachedBefore: reachedBefore, &progress, &tries)
    }

    /// What one answer means for the row: an outcome, or another try (after a pause).
    private func read(
        _ answer: APIAttempt<CreateResponse>, _ item: WorkItem, reachedBefore: Bool, _ progress: inout Progress, _ tries: inout Tries
    ) -> Step {
        let policy = context.options.retry
        switch answer.outcome {
        case .created(let inquiryID, let issued):
            // Persona's default lifetime, counted from the answer (the answer does not say).
            let link = issued.map {
                OneTimeLink(url: $0.url, shortURL: $0.shortURL, expiresAt: Date().timeIntervalSince1970 + OneTimeLink.defaultLifetime)
            }
            return .done(.created(
                record: item.record, inquiryID: inquiryID, requestID: answer.requestID, attempts: progress.attempts, link: link))
        case .refused(let failure):
            log("row not created", item, answer.requestID, failure.description)
            return .done(.failed(record: item.record, error: failure.description, requestID: answer.requestID, attempts: progress.attempts))
        case .rateLimited(let failure):
            // Not stored by Persona and nothing created: not an attempt that counts.
            progress.attempts -= 1
            progress.mayHaveReached = reachedBefore
            context.counters.addRateLimited()
            tries.rateLimited += 1
            progress.lastError = failure.description
            guard tries.rateLimited <= policy.rateLimitedRetries else {
                return .done(.interrupted(
                    record: item.record, attempts: progress.attempts, error: "still rate limited after \(tries.rateLimited) tries",
                    lastStatus: 429))
            }
            return .next
        case .keyRejected(let failure):
            // A 401/403 creates nothing; earlier attempts (this run's or an earlier run's) may have.
            progress.attempts -= 1
            progress.mayHaveReached = reachedBefore
            progress.lastStatus = item.lastStatus
            progress.lastError = failure.description
            context.control.stop(.keyRejected(failure))
            return .done(progress.stopped(item))
        case .serverError(let failure):
            tries.serverErrors += 1
            progress.outcomeUnknown = true
            progress.lastError = failure.description
            log("server error", item, answer.requestID, failure.description, level: .debug)
            guard tries.serverErrors < policy.serverErrorAttempts else {
                log("row left unresolved", item, answer.requestID, "\(failure.description), \(tries.serverErrors) attempts")
                return .done(.interrupted(
                    record: item.record, attempts: progress.attempts, error: failure.description, lastStatus: answer.status))
            }
            return pause(attempt: tries.serverErrors, item, progress) ?? .next
        case .noResponse(let reason):
            tries.networkErrors += 1
            progress.lastError = reason
            log("no response", item, nil, reason, level: .debug)
            guard tries.networkErrors < policy.networkAttempts else {
                log("row left unresolved", item, nil, "\(reason), \(tries.networkErrors) attempts")
                return .done(.interrupted(record: item.record, attempts: progress.attempts, error: reason, lastStatus: 0))
            }
            return pause(attempt: tries.networkErrors, item, progress) ?? .next
        }
    }

    /// Waits the backoff for the `attempt`th try of a kind; nil when it waited, the row's
    /// stopped outcome when the run stopped meanwhile.
    private func pause(attempt: Int, _ item: WorkItem, _ progress: Progress) -> Step? {
        context.control.sleep(seconds: context.options.retry.backoff.delay(attempt: attempt)) ? nil : .done(progress.stopped(item))
    }

    private enum LookupStep {
        /// The row's outcome is known without sending.
        case decided(RowUpdate)
        /// Nothing was created for it: send (under a new key when its own request may have
        /// reached Persona).
        case sendNow
        /// The look-up failed; try again after a pause (or give up).
        case retryLookUp
    }

    /// Looks the person up, settles the person's rows in other jobs, and says what next.
    private func lookUp(_ item: WorkItem, _ progress: inout Progress) -> LookupStep {
        guard let reference = item.referenceID else { return .sendNow }
        context.counters.addReconciliation()
        let since = Date(timeIntervalSince1970: item.earliestAttempt - context.options.reconcileMargin)
        let result: LookupResult
        switch context.lookup.inquiries(referenceID: reference, createdSince: since, templateID: context.templateID) {
        case nil:
            return .decided(progress.stopped(item))
        case .failure(let failure)?:
            progress.lastError = "reconciliation: \(failure)"
            if failure.status == 401 || failure.status == 403 {
                // The key may create but not list: this row waits for `reconcile` or a later run.
                log("row not reconciled", item, nil, progress.lastError ?? "")
                return .decided(progress.stopped(item))
            }
            return .retryLookUp
        case .success(let found)?:
            result = found
        }
        let allowDuplicates = context.options.allowDuplicateReferenceIDs
        var recordedForOthers: Set<String> = []
        if allowDuplicates {
            guard let recorded = readLedger({ () throws(LedgerError) in try self.inquiriesRecordedForOthers(of: item, reference: reference) })
            else { return .decided(progress.stopped(item)) }
            recordedForOthers = recorded
        }
        let attribution = SendDecisions.attribute(result, sent: item.fields, recordedForOthers: recordedForOthers, allowDuplicates: allowDuplicates)
        if case .several(let ids) = attribution { log("several inquiries for one person", item, nil, "\(ids.count) inquiries") }
        if case .undecidable(let ids) = attribution { log("inquiries not attributable to one row", item, nil, "\(ids.count) inquiries") }
        let settlement = SendDecisions.settle(
            attribution, record: item.record, line: item.line, referenceID: reference, attempts: progress.attempts,
            job: context.job.id, ownMayHaveReached: progress.mayHaveReached, inFlight: progress.inFlight)
        if settlement.rekey {
            // Nothing was created: a new key, committed before it is used.
            progress.generation += 1
            progress.key = IdempotencyKey.of(job: context.job.description.fingerprint, record: item.record, generation: progress.generation)
            let time = now
            let intent = SendIntent(
                record: item.record, line: item.line, referenceID: item.referenceID, idempotencyKey: progress.key,
                keyGeneration: progress.generation, bodySHA256: item.body.sha256, firstAttemptAt: item.firstAttemptAt)
            guard onLedger("new key", { () throws(LedgerError) in try context.ledger.markSending([intent], job: context.job.id, now: time) })
            else { return .decided(progress.stopped(item)) }
            progress.keySentAt = time
            progress.mayHaveReached = false
            progress.lastStatus = 0
        }
        // The person's rows in other jobs follow what was found (before this row is sent: from
        // then on only this row may create the person's inquiry).
        for (job, updates) in Dictionary(grouping: settlement.others, by: \.job) {
            guard onLedger("other jobs' rows", { () throws(LedgerError) in
                try context.ledger.record(updates.map(\.update), job: job, now: now)
            }) else { return .decided(progress.stopped(item)) }
        }
        if let update = settlement.row { return .decided(update) }
        progress.outcomeUnknown = false
        progress.bodyChanged = false
        progress.inFlight = []
        return .sendNow
    }

    /// Inquiries the ledger holds for other rows with the row's reference-id.
    private func inquiriesRecordedForOthers(of item: WorkItem, reference: String) throws(LedgerError) -> Set<String> {
        let entries = try context.ledger.history(referenceIDs: [reference])[reference] ?? []
        let others = entries.filter { !($0.job == context.job.id && $0.record == item.record) }
        return Set(others.flatMap { ($0.inquiryID ?? "").split(separator: ",").map(String.init) })
    }

    /// A ledger call through the retry (an unreachable ledger is waited for); a failure stops
    /// the run. False when it failed.
    private func onLedger(_ what: String, _ body: () throws(LedgerError) -> Void) -> Bool {
        do {
            try context.retry.perform(what, body)
            return true
        } catch {
            context.control.stop(.failed(RunFailure(error)))
            return false
        }
    }

    /// A ledger read through the retry; a failure stops the run. Nil when it failed.
    private func readLedger<T>(_ body: () throws(LedgerError) -> T) -> T? {
        var value: T?
        guard onLedger("history", { () throws(LedgerError) in value = try body() }) else { return nil }
        return value
    }

    private func log(_ message: Logger.Message, _ item: WorkItem, _ requestID: String?, _ error: String, level: Logger.Level = .warning) {
        var metadata: Logger.Metadata = ["line": "\(item.line)", "error": "\(error)"]
        if let reference = item.referenceID { metadata["reference-id"] = "\(reference)" }
        if let requestID { metadata["request-id"] = "\(requestID)" }
        context.logger.log(level: level, message, metadata: metadata)
    }
}
