import Foundation
import ImportCore
import ImportLedger
import Logging
import PersonaClient

/// A valid row the create stage will send, with what earlier runs did with it.
struct PlannedRow: Sendable {
    var valid: ValidRecord
    var prior: PriorAttempt?
}

/// The create stage: a dispatcher thread that takes ordered batches of valid rows, commits
/// their intents (`sending`, key, body digest) to the ledger a group at a time, and feeds a
/// bounded pool of Dispatch workers that send them through the one shared client.
final class CreateStage: Sendable {
    /// Batches of rows to send, in input order. Closed by the dispatcher when the run stops, so
    /// the producer's push returns false.
    let input = BoundedQueue<[PlannedRow]>(capacity: 4)
    private let work: BoundedQueue<WorkItem>
    private let done = DispatchGroup()

    init(
        job: JobRecord, ledger: any Ledger, client: PersonaAPIClient, control: RunControl, recorder: LedgerRecorder,
        counters: SendCounters, options: ImportOptions, logger: Logger
    ) {
        let concurrency = options.concurrency
        work = BoundedQueue(capacity: concurrency)
        let input = input, work = work
        // Rows that start together share one transaction for their intents.
        let group = max(concurrency, 16)
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
                    var intents: [SendIntent] = []
                    var items: [WorkItem] = []
                    intents.reserveCapacity(end - start)
                    items.reserveCapacity(end - start)
                    for row in batch[start..<end] {
                        let body = InquiryRequestBody(row.valid.draft)
                        let key = row.prior?.idempotencyKey
                            ?? ImportRun.idempotencyKey(job: job.description.fingerprint, record: row.valid.number)
                        intents.append(SendIntent(
                            record: row.valid.number, line: row.valid.line, referenceID: row.valid.draft.referenceID,
                            idempotencyKey: key, bodySHA256: body.sha256, firstAttemptAt: row.prior?.firstAttemptAt ?? now))
                        items.append(WorkItem(
                            record: row.valid.number, line: row.valid.line, referenceID: row.valid.draft.referenceID,
                            body: body, idempotencyKey: key, priorAttempts: row.prior?.attempts ?? 0))
                    }
                    do {
                        try ledger.markSending(intents, job: job.id, now: now)
                    } catch {
                        logger.error("ledger write failed", metadata: ["error": "\(error)"])
                        control.stop(.error("\(error)"))
                        return
                    }
                    for item in items { work.push(item) }
                    start = end
                }
            }
        }
        let sender = InquirySender(client: client, control: control, policy: options.retry, counters: counters, logger: logger)
        for index in 0..<concurrency {
            DispatchQueue(label: "persona-import.create.\(index)").async(group: done) {
                while let item = try? work.pop() {
                    recorder.record(sender.send(item), line: item.line, referenceID: item.referenceID)
                }
            }
        }
    }

    /// No more batches: waits until every row handed over has an outcome queued for the ledger.
    func finish() {
        input.close()
        done.wait()
    }
}
