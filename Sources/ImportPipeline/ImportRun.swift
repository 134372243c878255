import Foundation
import ImportCore
import ImportLedger
import ImportProtocol
import ImportReporting
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
    /// Called every `progressInterval` seconds while rows are sent (a progress line, a log line).
    public var onProgress: (@Sendable (RunProgress) -> Void)?
    public var progressInterval: Double?
    /// Rows to create in all, from a plan (``plan()``), for the percentage and the ETA.
    public var planned: Int?
    /// The job, when already worked out (the plan pass hashed the input; no need to again).
    public var jobDescription: JobDescription?
    /// Whether this run still holds the ledger's lock (checked after a ledger outage).
    public var lockHeld: @Sendable () -> Bool = { true }
    /// Asks the ledger's server whether this run still holds the lock, every few seconds while
    /// rows are sent (a LockWatch); nil when the lock cannot be lost on its own (SQLite's file).
    public var lockCheck: (@Sendable () -> Bool)?

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

    /// The template id as sent.
    static func templateID(_ template: InquiryDraft.Template) -> String {
        switch template {
        case .inquiryTemplate(let id), .inquiryTemplateVersion(let id), .legacyTemplate(let id): id
        }
    }

    /// The plan: a dry run of the same job that writes nothing (no ledger, no rejects file).
    /// It works out the job first and keeps it, so the run that follows does not hash the input
    /// again.
    public mutating func plan() -> ImportSummary {
        if jobDescription == nil { jobDescription = try? describeJob() }
        var planning = self
        planning.options.dryRun = true
        planning.options.writesRejects = false
        planning.onProgress = nil
        return planning.run()
    }

    /// Works out the job this run belongs to (hashes the input).
    public func describeJob() throws(RunSetupError) -> JobDescription {
        try JobIdentity.describe(
            inputPath: options.validation.inputPath, reader: options.validation.reader, mappingFile: options.mappingFile,
            schemaFile: options.schemaFile, template: Self.templateID(mapping.template))
    }

    /// Refuses a new job over an unfinished one started from other contents of the same path:
    /// the operator decides whether the old job is finished first.
    func refuseChangedInput(_ description: JobDescription) throws(LedgerError) {
        guard !options.startNewJob, let ledger, try ledger.findJob(fingerprint: description.fingerprint) == nil else { return }
        let unfinished = try ledger.unfinishedJobs(inputPath: description.inputPath)
            .filter { $0.job.description.inputSHA256 != description.inputSHA256 }
            .filter { $0.counts[.pending] + $0.counts[.sending] > 0 }
        guard let job = unfinished.first else { return }
        let started = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: job.job.createdAt))
        throw .inputChanged(
            description.inputPath, jobID: job.job.id, started: started, left: job.counts[.pending] + job.counts[.sending])
    }

    /// Runs the job to the end of the input or until it is stopped.
    public func run() -> ImportSummary {
        let started = ContinuousClock.now
        var summary = ImportSummary()
        defer {
            if !options.dryRun {
                logger.info("run finished", metadata: ["created": "\(summary.created)", "failed": "\(summary.failed)"])
            }
        }

        // Which job, and what earlier runs left.
        let job: JobRecord?
        let plan: ResumePlan
        var inputBytes: Int64 = 0
        do {
            let description = try jobDescription ?? describeJob()
            inputBytes = description.inputBytes
            try refuseChangedInput(description)
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
        } catch let error as LedgerError {
            summary.stoppedBy = .error(error.message)
            return summary
        } catch {
            summary.stoppedBy = .error("\(error)")
            return summary
        }
        summary.resumed = job.map { !$0.isNew } ?? false
        if let job, job.completedAt != nil, !options.retryFailed, let ledger {
            // Finished before: nothing to read or send; the counts come from the ledger. Not when
            // --allow-duplicate-reference-ids may turn rejected repeats into rows to send.
            do {
                let counts = try ledger.counts(job: job.id)
                if !(options.sending.allowDuplicateReferenceIDs && counts[.rejected] > 0) {
                summary.recordsRead = counts.total
                summary.rejected = counts[.rejected]
                summary.valid = counts.total - counts[.rejected]
                summary.skipped = summary.valid
                summary.failed = counts[.failed]
                summary.duplicateFound = counts[.duplicateFound]
                summary.indeterminate = counts[.indeterminate]
                summary.jobComplete = true
                summary.alreadyComplete = true
                summary.rejectsPath = isRegularFile(options.validation.resolvedRejectsPath) ? options.validation.resolvedRejectsPath : nil
                summary.seconds = (ContinuousClock.now - started).seconds
                return summary
                }
            } catch {
                summary.stoppedBy = .error(error.description)
                return summary
            }
        }

        let reader: any RecordReader
        do {
            reader = try makeRecordReader(path: options.validation.inputPath, options: options.validation.reader)
        } catch {
            summary.stoppedBy = .error(error.description)
            return summary
        }

        let counters = SendCounters()
        let sending = !options.dryRun
        let retry = LedgerRetry(control: control, patience: options.sending.ledgerPatience, lockHeld: lockHeld, logger: logger)
        let recorder = LedgerRecorder(
            ledger: sending ? ledger : nil, job: job?.id ?? 0, control: control, retry: retry,
            failuresToKeep: options.validation.rejectsToShow, logger: logger)
        var createStage: CreateStage?
        if sending, let job, let ledger, let client {
            createStage = CreateStage(
                job: job, ledger: ledger, client: client, control: control, recorder: recorder, counters: counters,
                retry: retry, options: options.sending, logger: logger)
        }
        let stages = MapStages(
            reader: reader, mapping: mapping, workers: options.validation.mapWorkers, batchSize: options.validation.batchSize,
            keepValid: true)
        let live = LiveCounts()
        let monitor = sending ? RunMonitor(
            sources: .init(
                read: { live.current },
                recorded: { let totals = recorder.current; return (totals.created, totals.failed) },
                rateLimited: { counters.rateLimited },
                waiting: { [gate = control.gate] in gate.waitRemaining }),
            planned: planned, allowedRate: options.sending.allowedRate,
            interval: progressInterval, report: onProgress) : nil

        let lockWatch = sending ? lockCheck.map { LockWatch(control: control, logger: logger, stillHeld: $0) } : nil
        var collector = Collector(options: options, plan: plan, logger: logger, inputBytes: inputBytes)
        var readToEnd = false
        do {
            while true {
                guard let batch = try stages.next() else {
                    readToEnd = true
                    break
                }
                if control.stopReason != nil { break }
                let rows = try collector.take(batch, recorder: sending ? recorder : nil)
                live.set(read: collector.recordsRead, skipped: collector.skipped, rejected: collector.rejected)
                if let createStage, !rows.isEmpty, !createStage.input.push(rows) { break }
            }
        } catch let error as RejectsError {
            summary.stoppedBy = .error(error.description)
        } catch {
            summary.stoppedBy = .error("\(error)")
        }
        stages.stop()
        createStage?.finish()
        lockWatch?.cancel()
        stages.wait()
        let totals = recorder.finish()
        summary.timeline = monitor?.finish() ?? []
        collector.closeRejects(into: &summary)
        summary.rejectedByReason = collector.rejectedLines.sorted
        summary.failedByReason = totals.failedLines.sorted

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
        summary.alreadyImported = totals.alreadyImported
        summary.duplicateFound = totals.duplicateFound
        summary.indeterminate = totals.indeterminate
        summary.reconciliations = counters.reconciliations
        let decided = totals.created + totals.failed + totals.unresolved + totals.notSent + totals.alreadyImported
            + totals.duplicateFound + totals.indeterminate
        summary.notSent = totals.notSent + (sending ? max(0, collector.toCreate - decided) : 0)
        summary.firstFailures = totals.firstFailures
        summary.retries = counters.retries
        summary.rateLimited = counters.rateLimited
        summary.stoppedBy = control.stopReason ?? summary.stoppedBy
        summary.estimatedSeconds = Double(collector.toCreate) / max(1e-9, options.sending.allowedRate)

        if sending, let job, let ledger {
            do {
                let counts = try ledger.counts(job: job.id)
                // Complete: the whole input was read and handed on, and no row is left to send
                // (a time limit or signal that came after the last answer does not change that).
                var failedBeforeTheEnd = false
                if case .error = summary.stoppedBy { failedBeforeTheEnd = true }
                if case .keyRejected = summary.stoppedBy { failedBeforeTheEnd = true }
                // Rows never handed to a worker are in no table: `notSent` counts them.
                summary.jobComplete = readToEnd && !failedBeforeTheEnd && summary.notSent == 0 && summary.unresolved == 0
                    && counts[.pending] == 0 && counts[.sending] == 0
                try ledger.setCompleted(job: job.id, at: summary.jobComplete ? Date().timeIntervalSince1970 : nil)
            } catch {
                summary.stoppedBy = summary.stoppedBy ?? .error(error.description)
            }
        }
        summary.seconds = (ContinuousClock.now - started).seconds
        return summary
    }
}

