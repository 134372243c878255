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
    public func describeJob() throws(RunFailure) -> JobDescription {
        try JobIdentity.describe(
            inputPath: options.validation.inputPath, inputName: options.validation.shownPath, reader: options.validation.reader, mappingFile: options.mappingFile,
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
        // Timed here, not in a `defer` of the run itself: a `defer` runs after the returned
        // value is copied, so the summary would leave with 0 seconds.
        var summary = runToTheEnd()
        summary.seconds = (ContinuousClock.now - started).seconds
        if !options.dryRun {
            logger.info("run finished", metadata: ["created": "\(summary.created)", "failed": "\(summary.failed)"])
        }
        return summary
    }

    private func runToTheEnd() -> ImportSummary {
        var summary = ImportSummary()
        let start: JobStart
        do {
            start = try openJob()
        } catch {
            summary.stoppedBy = .failed(error)
            return summary
        }
        summary.resumed = start.job.map { !$0.isNew } ?? false
        do {
            if let finished = try finishedEarlier(start.job) { return finished }
        } catch {
            summary.stoppedBy = .failed(error)
            return summary
        }
        let reader: any RecordReader
        do {
            reader = try makeRecordReader(
                path: options.validation.inputPath, options: options.validation.reader, displayName: options.validation.inputName)
        } catch {
            summary.stoppedBy = .failed(RunFailure(.input, error.description))
            return summary
        }
        let readToEnd: Bool
        (summary, readToEnd) = stream(reader, start: start)
        if !options.dryRun, let job = start.job { markCompletion(of: job, readToEnd: readToEnd, in: &summary) }
        return summary
    }

    /// The job this run works on and what earlier runs left of it.
    struct JobStart {
        /// Nil in a dry run of a job the ledger does not know yet.
        var job: JobRecord?
        var plan: ResumePlan
        var inputBytes: Int64
    }

    /// Which job, and what earlier runs left: a dry run only looks; a run opens (or creates) it.
    private func openJob() throws(RunFailure) -> JobStart {
        let description: JobDescription
        if let known = jobDescription { description = known } else { description = try describeJob() }
        do {
            try refuseChangedInput(description)
            let job: JobRecord?
            if options.dryRun {
                job = try ledger?.findJob(fingerprint: description.fingerprint)
            } else if let ledger {
                job = try ledger.openJob(description, now: Date().timeIntervalSince1970)
            } else {
                throw RunFailure(.configuration, "a run that sends needs a ledger")
            }
            let plan = try job.map { try ledger?.resumePlan(job: $0.id, retryingFailed: options.retryFailed) ?? ResumePlan() }
            return JobStart(job: job, plan: plan ?? ResumePlan(), inputBytes: description.inputBytes)
        } catch let error as LedgerError {
            throw RunFailure(error)
        } catch let error as RunFailure {
            throw error
        } catch {
            throw RunFailure(.ledger, "\(error)")
        }
    }

    /// The summary of a job an earlier run finished: nothing to read or send, the counts come
    /// from the ledger. Nil when there is work: the job is unfinished, failed rows are to be
    /// retried, or `--allow-duplicate-reference-ids` may turn rejected repeats into rows to send.
    private func finishedEarlier(_ job: JobRecord?) throws(RunFailure) -> ImportSummary? {
        guard let job, job.completedAt != nil, !options.retryFailed, let ledger else { return nil }
        let counts: StateCounts
        do {
            counts = try ledger.counts(job: job.id)
        } catch {
            throw RunFailure(error)
        }
        if options.sending.allowDuplicateReferenceIDs && counts[.rejected] > 0 { return nil }
        var summary = ImportSummary()
        summary.resumed = true
        summary.recordsRead = counts.total
        summary.rejected = counts[.rejected]
        summary.valid = counts.total - counts[.rejected]
        summary.skipped = summary.valid
        summary.failed = counts[.failed]
        summary.duplicateFound = counts[.duplicateFound]
        summary.indeterminate = counts[.indeterminate]
        summary.jobComplete = true
        summary.alreadyComplete = true
        let rejectsPath = options.validation.resolvedRejectsPath
        summary.rejectsPath = isRegularFile(rejectsPath) ? rejectsPath : nil
        return summary
    }

    /// read → map/validate → collect → create → record, until the input ends or the run stops.
    /// Returns the summary and whether the whole input was read and handed on.
    private func stream(_ reader: any RecordReader, start: JobStart) -> (ImportSummary, readToEnd: Bool) {
        let sending = !options.dryRun
        let counters = SendCounters()
        let retry = LedgerRetry(control: control, patience: options.sending.ledgerPatience, lockHeld: lockHeld, logger: logger)
        let recorder = LedgerRecorder(
            ledger: sending ? ledger : nil, job: start.job?.id ?? 0, control: control, retry: retry,
            failuresToKeep: options.validation.rejectsToShow, logger: logger)
        var createStage: CreateStage?
        if sending, let job = start.job, let ledger, let client {
            createStage = CreateStage(
                job: job, ledger: ledger, client: client, control: control, recorder: recorder, counters: counters,
                retry: retry, options: options.sending, logger: logger)
        }
        let stages = MapStages(
            reader: reader, mapping: mapping, workers: options.validation.mapWorkers, batchSize: options.validation.batchSize,
            keepValid: true)
        let live = LiveCounts()
        let monitor = sending ? makeMonitor(live: live, recorder: recorder, counters: counters) : nil
        let lockWatch = sending ? lockCheck.map { LockWatch(control: control, logger: logger, stillHeld: $0) } : nil
        var collector = Collector(options: options, plan: start.plan, logger: logger, inputBytes: start.inputBytes)
        var summary = ImportSummary()
        summary.resumed = start.job.map { !$0.isNew } ?? false
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
        } catch {
            summary.stoppedBy = .failed(RunFailure(reading: error))
        }
        stages.stop()
        createStage?.finish()
        lockWatch?.cancel()
        stages.wait()
        let totals = recorder.finish()
        summary.timeline = monitor?.finish() ?? []
        collector.closeRejects(into: &summary)
        collector.fill(&summary)
        summary.add(totals, counters: counters, sending: sending)
        summary.stoppedBy = control.stopReason ?? summary.stoppedBy
        summary.estimatedSeconds = Double(collector.toCreate) / max(1e-9, options.sending.allowedRate)
        return (summary, readToEnd)
    }

    /// The progress sampler: rows read, creates recorded, 429s and rate-limit waits.
    private func makeMonitor(live: LiveCounts, recorder: LedgerRecorder, counters: SendCounters) -> RunMonitor {
        RunMonitor(
            sources: .init(
                read: { live.current },
                recorded: { let totals = recorder.current; return (totals.created, totals.failed) },
                rateLimited: { counters.rateLimited },
                waiting: { [gate = control.gate] in gate.waitRemaining }),
            planned: planned, allowedRate: options.sending.allowedRate, interval: progressInterval, report: onProgress)
    }

    /// Records whether the job is complete: the whole input was read and handed on, and no row
    /// is left to send (a time limit or signal that came after the last answer does not change
    /// that). Rows never handed to a worker are in no table: `notSent` counts them.
    private func markCompletion(of job: JobRecord, readToEnd: Bool, in summary: inout ImportSummary) {
        guard let ledger else { return }
        do {
            let counts = try ledger.counts(job: job.id)
            var failedBeforeTheEnd = false
            if case .failed = summary.stoppedBy { failedBeforeTheEnd = true }
            if case .keyRejected = summary.stoppedBy { failedBeforeTheEnd = true }
            summary.jobComplete = readToEnd && !failedBeforeTheEnd && summary.notSent == 0 && summary.unresolved == 0
                && counts[.pending] == 0 && counts[.sending] == 0
            try ledger.setCompleted(job: job.id, at: summary.jobComplete ? Date().timeIntervalSince1970 : nil)
            summary.inquiryStatuses = try ledger.statusFunnel(job: job.id)
        } catch {
            summary.stoppedBy = summary.stoppedBy ?? .failed(RunFailure(error))
        }
    }
}

extension ImportSummary {
    /// Adds what the create and record stages counted. Rows taken but never handed to a
    /// worker (the run stopped) count as not sent.
    fileprivate mutating func add(_ totals: LedgerRecorder.Totals, counters: SendCounters, sending: Bool) {
        failedByReason = totals.failedLines.sorted
        created = totals.created
        failed = totals.failed
        unresolved = totals.unresolved
        alreadyImported = totals.alreadyImported
        duplicateFound = totals.duplicateFound
        indeterminate = totals.indeterminate
        reconciliations = counters.reconciliations
        let decided = totals.created + totals.failed + totals.unresolved + totals.notSent + totals.alreadyImported
            + totals.duplicateFound + totals.indeterminate
        notSent = totals.notSent + (sending ? max(0, toCreate - decided) : 0)
        firstFailures = totals.firstFailures
        retries = counters.retries
        rateLimited = counters.rateLimited
    }
}

extension RunFailure {
    /// An error from the read and map stages or the rejects file: the rejects file is output, a
    /// mapping that cannot apply to the file is configuration, the rest is the input.
    init(reading error: any Error) {
        switch error {
        case let error as RejectsError: self.init(.output, error.description)
        case let error as MappingError: self.init(.configuration, error.description)
        default: self.init(.input, "\(error)")
        }
    }
}
