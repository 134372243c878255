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
        counters: SendCounters, retry: LedgerRetry, options: ImportOptions, logger: Logger
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
                    var rows = Array(batch[start..<end])
                    start = end
                    do {
                        var kept = rows
                        try retry.perform("reference-id lookup") { () throws(LedgerError) in
                            kept = try Self.skipImportedElsewhere(rows, job: job, ledger: ledger, recorder: recorder, options: options)
                        }
                        rows = kept
                    } catch {
                        control.stop(.error("\(error)"))
                        return
                    }
                    var intents: [SendIntent] = []
                    var items: [WorkItem] = []
                    intents.reserveCapacity(rows.count)
                    items.reserveCapacity(rows.count)
                    for row in rows {
                        let body = InquiryRequestBody(row.valid.draft)
                        var prior = row.prior
                        if let failed = prior, failed.state == .failed {
                            // Refused for good under its key (Persona replays a stored 4xx):
                            // `--retry-failed` sends it under a new one.
                            let generation = failed.keyGeneration + 1
                            prior?.keyGeneration = generation
                            prior?.idempotencyKey = ImportRun.idempotencyKey(job: fingerprint, record: row.valid.number, generation: generation)
                            prior?.attempts = 0
                            prior?.lastStatus = 0
                            prior?.keySentAt = now
                        }
                        let generation = prior?.keyGeneration ?? 0
                        let key = prior?.idempotencyKey
                            ?? ImportRun.idempotencyKey(job: fingerprint, record: row.valid.number, generation: generation)
                        let firstAttempt = prior?.firstAttemptAt ?? now
                        intents.append(SendIntent(
                            record: row.valid.number, line: row.valid.line, referenceID: row.valid.draft.referenceID,
                            idempotencyKey: key, keyGeneration: generation, bodySHA256: body.sha256, firstAttemptAt: firstAttempt))
                        items.append(WorkItem(
                            record: row.valid.number, line: row.valid.line, referenceID: row.valid.draft.referenceID,
                            body: body, idempotencyKey: key, keyGeneration: generation, priorAttempts: prior?.attempts ?? 0,
                            firstAttemptAt: firstAttempt, keySentAt: prior?.keySentAt ?? now, lastStatus: prior?.lastStatus ?? 0,
                            resumedSending: prior?.state == .sending))
                    }
                    do {
                        try retry.perform("intents") { () throws(LedgerError) in try ledger.markSending(intents, job: job.id, now: now) }
                    } catch {
                        logger.error("ledger write failed", metadata: ["error": "\(error)"])
                        control.stop(.error("\(error)"))
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

    /// Rows whose reference-id another job of the ledger already created an inquiry for are
    /// recorded as `already-imported` and not sent (nightly exports overlap). Rows this job
    /// attempted before are always sent on: their own earlier request may be the one.
    private static func skipImportedElsewhere(
        _ rows: [PlannedRow], job: JobRecord, ledger: any Ledger, recorder: LedgerRecorder, options: ImportOptions
    ) throws(LedgerError) -> [PlannedRow] {
        guard !options.allowDuplicateReferenceIDs else { return rows }
        let fresh = rows.compactMap { $0.prior == nil ? $0.valid.draft.referenceID : nil }
        let imported = try ledger.createdElsewhere(referenceIDs: fresh, excludingJob: job.id)
        guard !imported.isEmpty else { return rows }
        return rows.filter { row in
            guard row.prior == nil, let reference = row.valid.draft.referenceID, let inquiryID = imported[reference] else { return true }
            recorder.record(
                .alreadyImported(record: row.valid.number, line: row.valid.line, referenceID: reference, inquiryID: inquiryID),
                line: row.valid.line, referenceID: reference)
            return false
        }
    }

    /// No more batches: waits until every row handed over has an outcome queued for the ledger.
    func finish() {
        input.close()
        done.wait()
    }
}
