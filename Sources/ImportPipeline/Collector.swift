import Foundation
import ImportCore
import ImportLedger
import ImportProtocol
import ImportReporting
import Logging
import RecordMapping

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
    var rejectedLines = ReasonLines()
    var firstRejects: [RowError] = []
    private var rejects: RejectsWriter?
    /// First line of each reference-id seen.
    private var referenceLines: ReferenceIndex

    init(options: ImportOptions, plan: ResumePlan, logger: Logger, inputBytes: Int64) {
        self.options = options
        self.plan = plan
        self.logger = logger
        // About 140 bytes a CSV row and 500 an XML record: sized once, not grown and copied.
        let isXML = options.validation.inputPath.lowercased().hasSuffix(".xml") || options.validation.reader.format == .xml
        referenceLines = ReferenceIndex(expected: options.sending.allowDuplicateReferenceIDs ? 0 : Int(inputBytes / (isXML ? 400 : 120)))
    }

    /// Handles one batch; returns the rows to send.
    mutating func take(_ batch: MappedBatch, recorder: LedgerRecorder?) throws(RejectsError) -> [PlannedRow] {
        recordsRead += batch.records
        for row in batch.rejected { try reject(row, recorder: recorder) }
        var rows: [PlannedRow] = []
        rows.reserveCapacity(batch.valid.count)
        for (record, source) in zip(batch.valid, batch.sources) {
            // A row this job may already have sent is finished as it began, even when an option
            // that rejects it (`--require-reference-id`, no `--allow-duplicate-reference-ids`)
            // changed since: its request may have created the inquiry, and the job must complete.
            if plan.prior[record.number]?.mayHaveReachedPersona ?? false {
                if optionRejects(record) {
                    logger.notice(
                        "a row sent by an earlier run under other options is finished as it began",
                        metadata: ["line": "\(record.line)"])
                } else if record.draft.referenceID == nil {
                    withoutReferenceID += 1
                }
                valid += 1
                toCreate += 1
                if !options.dryRun { rows.append(PlannedRow(valid: record, prior: plan.prior[record.number])) }
                continue
            }
            if let reference = record.draft.referenceID {
                if !options.sending.allowDuplicateReferenceIDs {
                    if let first = referenceLines.firstLine(of: reference, line: record.line) {
                        duplicates += 1
                        let reason = "reference-id also on line \(first) (one inquiry per person; --allow-duplicate-reference-ids to send both)"
                        try reject(
                            RowError(line: record.line, number: record.number, reasons: [reason], names: source.names, values: source.values),
                            referenceID: reference, recorder: recorder)
                        continue
                    }
                }
            } else if options.requireReferenceID {
                try reject(
                    RowError(
                        line: record.line, number: record.number,
                        reasons: ["no reference-id (--require-reference-id: a row without one cannot be reconciled after a server error)"],
                        names: source.names, values: source.values),
                    recorder: recorder)
                continue
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

    /// Whether an option, rather than the data, would reject the row: a repeated reference-id
    /// without `--allow-duplicate-reference-ids`, or none with `--require-reference-id`. (Only
    /// asked of rows the ledger holds `sending`, so it may note the reference-id as seen.)
    private mutating func optionRejects(_ record: ValidRecord) -> Bool {
        guard let reference = record.draft.referenceID else { return options.requireReferenceID }
        guard !options.sending.allowDuplicateReferenceIDs else { return false }
        return referenceLines.firstLine(of: reference, line: record.line) != nil
    }

    private mutating func reject(_ row: RowError, referenceID: String? = nil, recorder: LedgerRecorder?) throws(RejectsError) {
        rejected += 1
        for reason in row.reasons {
            tally.add(reason)
            rejectedLines.add(reason, line: row.line)
        }
        if firstRejects.count < options.validation.rejectsToShow { firstRejects.append(row) }
        guard options.writesRejects else { return }
        if rejects == nil { rejects = try RejectsWriter(
            path: options.validation.resolvedRejectsPath, isDefaultPath: options.validation.rejectsPath == nil) }
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
            summary.stoppedBy = summary.stoppedBy ?? .failed(RunFailure(.output, error.description))
        }
        if rejects != nil {
            summary.rejectsPath = path
        } else if options.writesRejects, options.validation.rejectsPath == nil, isRegularFile(path) {
            // A default-named rejects file left by an earlier run would pass for this run's.
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Puts what the collector counted into the summary (`toCreate` first: the create stage's
    /// totals are weighed against it).
    func fill(_ summary: inout ImportSummary) {
        summary.rejectedByReason = rejectedLines.sorted
        summary.recordsRead = recordsRead
        summary.valid = valid
        summary.rejected = rejected
        summary.duplicateReferenceIDs = duplicates
        summary.withoutReferenceID = withoutReferenceID
        summary.skipped = skipped
        summary.toCreate = toCreate
        summary.topReasons = tally.mostCommon(5)
        summary.firstRejects = firstRejects
    }
}
