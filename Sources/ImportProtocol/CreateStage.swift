import Foundation
import ImportCore
import ImportLedger
import Logging
import PersonaClient

/// A valid row the create stage will send, with what earlier runs did with it.
public struct PlannedRow: Sendable {
    public var valid: ValidRecord
    public var prior: PriorAttempt?

    public init(valid: ValidRecord, prior: PriorAttempt?) {
        self.valid = valid
        self.prior = prior
    }
}

/// The create stage: a dispatcher thread that takes ordered batches of valid rows, commits
/// their intents (`sending`, key, body digest) to the ledger a group at a time, and feeds a
/// bounded pool of Dispatch workers that send them through the one shared client.
public final class CreateStage: Sendable {
    /// Batches of rows to send, in input order. Closed by the dispatcher when the run stops, so
    /// the producer's push returns false.
    public let input = BoundedQueue<[PlannedRow]>(capacity: 4)
    private let work: BoundedQueue<WorkItem>
    private let done = DispatchGroup()

    public init(
        job: JobRecord, ledger: any Ledger, client: PersonaAPIClient, control: RunControl, recorder: LedgerRecorder,
        counters: SendCounters, retry: LedgerRetry, options: SendOptions, logger: Logger
    ) {
        let concurrency = options.concurrency
        // Rows that start together share one transaction for their intents: a group is a few
        // rounds of the workers, so a ledger with slow commits (PostgreSQL, synchronous commit)
        // is not paid per row; but no more than two seconds' worth at the assumed rate, since a
        // crash costs one lookup per row whose intent was written. The work queue holds two
        // groups, so the workers keep sending while the next group's intents commit.
        let perTwoSeconds = Int(min(1e6, 2 * Double(options.rateLimit) / options.ratePeriod))
        let group = max(concurrency, min(512, max(16 * concurrency, 256), perTwoSeconds))
        work = BoundedQueue(capacity: 2 * group)
        let input = input, work = work
        DispatchQueue(label: "persona-import.dispatch").async(group: done) {
            defer {
                input.close()
                work.close()
            }
            let dispatcher = Dispatcher(job: job, ledger: ledger, control: control, recorder: recorder, retry: retry, options: options,
                                        logger: logger)
            while let batch = try? input.pop() {
                for start in stride(from: batch.startIndex, to: batch.endIndex, by: group) {
                    guard control.stopReason == nil,
                          let items = dispatcher.commit(Array(batch[start..<min(start + group, batch.endIndex)]))
                    else { return }
                    for item in items { work.push(item) }
                }
            }
        }
        let sender = InquirySender(context: SendContext(
            client: client, lookup: InquiryLookup(client: client, gate: control.gate), ledger: ledger, retry: retry, job: job,
            templateID: job.description.template, control: control, options: options, counters: counters, logger: logger))
        let breaker = options.maxConsecutiveRefusals.map { RefusalBreaker(limit: $0, control: control) }
        for index in 0..<concurrency {
            DispatchQueue(label: "persona-import.create.\(index)").async(group: done) {
                while let item = try? work.pop() {
                    let update = sender.send(item)
                    recorder.record(update, line: item.line, referenceID: item.referenceID)
                    breaker?.observe(update)
                }
            }
        }
    }

    /// No more batches: waits until every row handed over has an outcome queued for the ledger.
    public func finish() {
        input.close()
        done.wait()
    }
}

/// The dispatcher's work for one group of rows: the person's history across the ledger, the
/// rows it settles without a request, and the intents committed before the rest are handed to
/// the workers.
private struct Dispatcher {
    let job: JobRecord
    let ledger: any Ledger
    let control: RunControl
    let recorder: LedgerRecorder
    let retry: LedgerRetry
    let options: SendOptions
    let logger: Logger

    /// The group's rows to send, their intents committed; nil when the ledger failed (the run
    /// is stopped).
    func commit(_ rows: [PlannedRow]) -> [WorkItem]? {
        let now = Date().timeIntervalSince1970
        var history: [String: [HistoryEntry]] = [:]
        do throws(LedgerError) {
            try retry.perform("reference-id history") { () throws(LedgerError) in history = try Self.history(of: rows, ledger: ledger, options: options) }
        } catch {
            control.stop(.failed(RunFailure(error)))
            return nil
        }
        let items = rows.compactMap { item(for: $0, history: history, now: now) }
        do throws(LedgerError) {
            try retry.perform("intents") { () throws(LedgerError) in try ledger.markSending(items.map(\.intent), job: job.id, now: now) }
        } catch {
            logger.error("ledger write failed", metadata: ["error": "\(error)"])
            control.stop(.failed(RunFailure(error)))
            return nil
        }
        return items
    }

    /// The row as it is sent, or nil when its history settles it (recorded here).
    private func item(for row: PlannedRow, history: [String: [HistoryEntry]], now: Double) -> WorkItem? {
        var inFlight: [HistoryEntry] = []
        if let reference = row.valid.draft.referenceID, let entries = history[reference] {
            switch SendDecisions.history(entries, job: job.id, allowDuplicates: options.allowDuplicateReferenceIDs) {
            case .send: break
            case _ where !Self.consultsHistory(row.prior):
                // Its own look-up decides; other jobs' requests in flight follow it.
                inFlight = SendDecisions.inFlightElsewhere(entries, job: job.id)
            case .alreadyImported(let inquiryID):
                recorder.record(
                    .alreadyImported(record: row.valid.number, line: row.valid.line, referenceID: reference, inquiryID: inquiryID),
                    line: row.valid.line, referenceID: reference)
                return nil
            case .heldForAPerson(let inquiryIDs):
                recorder.record(
                    .duplicateElsewhere(record: row.valid.number, line: row.valid.line, referenceID: reference, inquiryIDs: inquiryIDs),
                    line: row.valid.line, referenceID: reference)
                return nil
            case .lookUpFirst(_, let entries):
                inFlight = entries
            }
        }
        return WorkItem(row, fingerprint: job.description.fingerprint, inFlight: inFlight, now: now, oneTimeLinks: options.oneTimeLinks)
    }

    /// Whether a row's person is checked against the other jobs of the ledger before it is
    /// sent: every row this job has not sent yet (fresh, put back, or failed and retried). A row
    /// this job may already have sent is looked up anyway when its outcome is unknown; its own
    /// request may be the one that created the inquiry.
    static func consultsHistory(_ prior: PriorAttempt?) -> Bool {
        !(prior?.mayHaveReachedPersona ?? false)
    }

    /// The person's rows across the ledger for every row of the group that has a reference-id:
    /// one indexed query per group, not one per row.
    static func history(of rows: [PlannedRow], ledger: any Ledger, options: SendOptions) throws(LedgerError)
        -> [String: [HistoryEntry]]
    {
        guard !options.allowDuplicateReferenceIDs else { return [:] }
        let references = rows.compactMap { $0.valid.draft.referenceID }
        return try ledger.history(referenceIDs: references)
    }
}
