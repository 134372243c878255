import Foundation
import ImportCore
import ImportLedger
import InputReaders
import Logging
import PersonaClient
import RecordMapping

/// `persona-import run`: read → map/validate → create → record, resumable.
///
/// Threads: the reader and map workers (``MapStages``); the caller's thread, which takes
/// mapped batches in input order, rejects repeated reference-ids, skips rows the ledger has as
/// final and hands the rest on; the create stage (a dispatcher and `concurrency` workers); and
/// the ledger recorder. Bounded queues join them, so memory stays flat whatever the file size.
public struct ImportRun: Sendable {
    public var options: ImportOptions
    public var mapping: MappingConfiguration
    /// Nil in a dry run with no ledger file yet.
    public var ledger: (any Ledger)?
    /// Nil in a dry run.
    public var client: PersonaAPIClient?
    public var control: RunControl
    public var logger: Logger

    public init(
        options: ImportOptions, mapping: MappingConfiguration, ledger: (any Ledger)?, client: PersonaAPIClient?,
        control: RunControl, logger: Logger
    ) {
        self.options = options
        self.mapping = mapping
        self.ledger = ledger
        self.client = client
        self.control = control
        self.logger = logger
    }

    /// The Idempotency-Key of a row's first request: the same for every run of the job.
    public static func idempotencyKey(job fingerprint: String, record: Int) -> String {
        "persona-import-\(fingerprint.prefix(32))-\(record)"
    }

    /// The template id as sent.
    static func templateID(_ template: InquiryDraft.Template) -> String {
        switch template {
        case .inquiryTemplate(let id), .inquiryTemplateVersion(let id), .legacyTemplate(let id): id
        }
    }

    /// Works out the job this run belongs to (hashes the input).
    public func describeJob() throws(RunSetupError) -> JobDescription {
        try JobIdentity.describe(
            inputPath: options.validation.inputPath, reader: options.validation.reader, mappingFile: options.mappingFile,
            schemaFile: options.schemaFile, template: Self.templateID(mapping.template))
    }

    /// Runs the job to the end of the input or until it is stopped.
    public func run() -> ImportSummary {
        let started = ContinuousClock.now
        var summary = ImportSummary()
        defer { logger.info("run finished", metadata: ["created": "\(summary.created)", "failed": "\(summary.failed)"]) }

        // Which job, and what earlier runs left.
        let job: JobRecord?
        let plan: ResumePlan
        do {
            let description = try describeJob()
            if options.dryRun {
                job = try ledger?.findJob(fingerprint: description.fingerprint)
            } else if let ledger {
                job = try ledger.openJob(description, now: Date().timeIntervalSince1970)
            } else {
                throw RunSetupError("a run that sends needs a ledger")
            }
            plan = try job.map { try ledger?.resumePlan(job: $0.id, retryingFailed: options.retryFailed) ?? ResumePlan() } ?? ResumePlan()
        } catch let error as RunSetupError {
            summary.stoppedBy = .error(error.message)
            return summary
        } catch {
            summary.stoppedBy = .error("\(error)")
            return summary
        }
        summary.resumed = job.map { !$0.isNew } ?? false

        let reader: any RecordReader
        do {
            reader = try makeRecordReader(path: options.validation.inputPath, options: options.validation.reader)
        } catch {
            summary.stoppedBy = .error(error.description)
            return summary
        }

        let counters = SendCounters()
        let sending = !options.dryRun
        let recorder = LedgerRecorder(
            ledger: sending ? ledger : nil, job: job?.id ?? 0, control: control, failuresToKeep: options.validation.rejectsToShow,
            logger: logger)
        var createStage: CreateStage?
        if sending, let job, let ledger, let client {
            createStage = CreateStage(
                job: job, ledger: ledger, client: client, control: control, recorder: recorder, counters: counters,
                options: options, logger: logger)
        }
        let stages = MapStages(
            reader: reader, mapping: mapping, workers: options.validation.mapWorkers, batchSize: options.validation.batchSize,
            keepValid: true)

        var collector = Collector(options: options, plan: plan, logger: logger)
        do {
            while let batch = try stages.next() {
                if control.stopReason != nil { break }
                let rows = try collector.take(batch, recorder: sending ? recorder : nil)
                if let createStage, !rows.isEmpty, !createStage.input.push(rows) { break }
            }
        } catch let error as RejectsError {
            summary.stoppedBy = .error(error.description)
        } catch {
            summary.stoppedBy = .error("\(error)")
        }
        stages.stop()
        createStage?.finish()
        stages.wait()
        let totals = recorder.finish()
        collector.closeRejects(into: &summary)

        summary.recordsRead = collector.recordsRead
        summary.valid = collector.valid
        summary.rejected = collector.rejected
        summary.duplicateReferenceIDs = collector.duplicates
        summary.withoutReferenceID = collector.withoutReferenceID
        summary.skipped = collector.skipped
        summary.toCreate = collector.toCreate
        summary.topReasons = collector.tally.mostCommon(5)
        summary.firstRejects = collector.firstRejects
        summary.created = totals.created
        summary.failed = totals.failed
        summary.unresolved = totals.unresolved
        summary.notSent = totals.notSent + (sending ? collector.toCreate - totals.created - totals.failed - totals.unresolved - totals.notSent : 0)
        summary.firstFailures = totals.firstFailures
        summary.retries = counters.retries
        summary.rateLimited = counters.rateLimited
        summary.stoppedBy = control.stopReason ?? summary.stoppedBy
        summary.estimatedSeconds = Double(collector.toCreate) / max(1e-9, Double(options.rateLimit) * (1 - options.headroom)) * options.ratePeriod

        if sending, let job, let ledger {
            do {
                let counts = try ledger.counts(job: job.id)
                summary.jobComplete = summary.stoppedBy == nil && counts[.pending] == 0 && counts[.sending] == 0
                try ledger.setCompleted(job: job.id, at: summary.jobComplete ? Date().timeIntervalSince1970 : nil)
            } catch {
                summary.stoppedBy = summary.stoppedBy ?? .error(error.description)
            }
        }
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }
}

/// The caller's-thread part of a run: takes mapped batches in input order and decides, row by
/// row, rejected (to the rejects file and the ledger), skipped (final in the ledger), or to send.
struct Collector {
    let options: ImportOptions
    let plan: ResumePlan
    let logger: Logger
    var recordsRead = 0
    var valid = 0
    var rejected = 0
    var duplicates = 0
    var withoutReferenceID = 0
    var skipped = 0
    var toCreate = 0
    var tally = ReasonTally()
    var firstRejects: [RowError] = []
    private var rejects: RejectsWriter?
    /// First line of each reference-id seen, by 64-bit hash (a million ids in a few tens of MB).
    private var referenceLines: [Int: Int] = [:]

    init(options: ImportOptions, plan: ResumePlan, logger: Logger) {
        self.options = options
        self.plan = plan
        self.logger = logger
    }

    /// Handles one batch; returns the rows to send.
    mutating func take(_ batch: MappedBatch, recorder: LedgerRecorder?) throws(RejectsError) -> [PlannedRow] {
        recordsRead += batch.records
        for row in batch.rejected { try reject(row, recorder: recorder) }
        var rows: [PlannedRow] = []
        rows.reserveCapacity(batch.valid.count)
        for (record, source) in zip(batch.valid, batch.sources) {
            if let reference = record.draft.referenceID {
                if !options.allowDuplicateReferenceIDs {
                    var hasher = Hasher()
                    hasher.combine(reference)
                    let key = hasher.finalize()
                    if let first = referenceLines[key] {
                        duplicates += 1
                        let reason = "reference-id also on line \(first) (one inquiry per person; --allow-duplicate-reference-ids to send both)"
                        try reject(
                            RowError(line: record.line, number: record.number, reasons: [reason], names: source.names, values: source.values),
                            referenceID: reference, recorder: recorder)
                        continue
                    }
                    referenceLines[key] = record.line
                }
            } else {
                if withoutReferenceID == 0 {
                    logger.warning(
                        "a valid row has no reference-id: after a server error it cannot be reconciled",
                        metadata: ["line": "\(record.line)"])
                }
                withoutReferenceID += 1
            }
            valid += 1
            if plan.skip.contains(record.number) {
                skipped += 1
                continue
            }
            toCreate += 1
            if !options.dryRun { rows.append(PlannedRow(valid: record, prior: plan.prior[record.number])) }
        }
        return rows
    }

    private mutating func reject(_ row: RowError, referenceID: String? = nil, recorder: LedgerRecorder?) throws(RejectsError) {
        rejected += 1
        row.reasons.forEach { tally.add($0) }
        if firstRejects.count < options.validation.rejectsToShow { firstRejects.append(row) }
        if rejects == nil { rejects = try RejectsWriter(path: options.validation.resolvedRejectsPath) }
        try rejects?.write(row)
        recorder?.record(
            .rejected(record: row.number, line: row.line, referenceID: referenceID, reasons: row.reasons),
            line: row.line, referenceID: referenceID)
    }

    /// Closes the rejects file (or removes a stale default one) and notes its path.
    mutating func closeRejects(into summary: inout ImportSummary) {
        let path = options.validation.resolvedRejectsPath
        do {
            try rejects?.close()
        } catch {
            summary.stoppedBy = summary.stoppedBy ?? .error(error.description)
        }
        if rejects != nil {
            summary.rejectsPath = path
        } else if options.validation.rejectsPath == nil, isRegularFile(path) {
            // A default-named rejects file left by an earlier run would pass for this run's.
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
