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
        let fingerprint = job.description.fingerprint
        DispatchQueue(label: "persona-import.dispatch").async(group: done) {
            defer {
                input.close()
                work.close()
            }
            while let batch = try? input.pop() {
                var start = batch.startIndex
                while start < batch.endIndex {
                    guard control.stopReason == nil else { return }
                    let end = min(start + group, batch.endIndex)
                    let now = Date().timeIntervalSince1970
                    let rows = Array(batch[start..<end])
                    start = end
                    var history: [String: [HistoryEntry]] = [:]
                    do throws(LedgerError) {
                        try retry.perform("reference-id history") { () throws(LedgerError) in
                            history = try Self.history(of: rows, ledger: ledger, options: options)
                        }
                    } catch {
                        control.stop(.failed(RunFailure(error)))
                        return
                    }
                    var intents: [SendIntent] = []
                    var items: [WorkItem] = []
                    intents.reserveCapacity(rows.count)
                    items.reserveCapacity(rows.count)
                    for row in rows {
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
                                continue
                            case .heldForAPerson(let inquiryIDs):
                                recorder.record(
                                    .duplicateElsewhere(record: row.valid.number, line: row.valid.line, referenceID: reference, inquiryIDs: inquiryIDs),
                                    line: row.valid.line, referenceID: reference)
                                continue
                            case .lookUpFirst(_, let entries):
                                inFlight = entries
                            }
                        }
                        let item = WorkItem(row, fingerprint: fingerprint, inFlight: inFlight, now: now)
                        intents.append(item.intent)
                        items.append(item)
                    }
                    do throws(LedgerError) {
                        try retry.perform("intents") { () throws(LedgerError) in try ledger.markSending(intents, job: job.id, now: now) }
                    } catch {
                        logger.error("ledger write failed", metadata: ["error": "\(error)"])
                        control.stop(.failed(RunFailure(error)))
                        return
                    }
                    for item in items { work.push(item) }
                }
            }
        }
        let sender = InquirySender(context: SendContext(
            client: client, lookup: InquiryLookup(client: client, gate: control.gate), ledger: ledger, retry: retry, job: job,
            templateID: job.description.template, control: control, options: options, counters: counters, logger: logger))
        for index in 0..<concurrency {
            DispatchQueue(label: "persona-import.create.\(index)").async(group: done) {
                while let item = try? work.pop() {
                    recorder.record(sender.send(item), line: item.line, referenceID: item.referenceID)
                }
            }
        }
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
    private static func history(of rows: [PlannedRow], ledger: any Ledger, options: SendOptions) throws(LedgerError)
        -> [String: [HistoryEntry]]
    {
        guard !options.allowDuplicateReferenceIDs else { return [:] }
        let references = rows.compactMap { $0.valid.draft.referenceID }
        return try ledger.history(referenceIDs: references)
    }

    /// No more batches: waits until every row handed over has an outcome queued for the ledger.
    public func finish() {
        input.close()
        done.wait()
    }
}
