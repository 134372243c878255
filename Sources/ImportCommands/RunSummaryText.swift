import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportPipeline
import PersonaClient
import PostgresLedger

/// A run's summary as the operator reads it: counts on standard output, rejected and failed
/// rows and the stop reason on standard error, and what to do next.
public struct RunSummaryText: Sendable {
    var inputName: String
    var ledgerPath: String
    var dryRun: Bool
    var rateLimit: String
    /// The command's arguments after `persona-import run`, for the command that resumes.
    var arguments: [String]

    public init(inputName: String, ledgerPath: String, dryRun: Bool, rateLimit: String, arguments: [String]) {
        self.inputName = inputName
        self.ledgerPath = ledgerPath
        self.dryRun = dryRun
        self.rateLimit = rateLimit
        self.arguments = arguments
    }

    /// What standard output and standard error show.
    public func render(_ summary: ImportSummary) -> (out: String, err: String) {
        var out = ""
        if summary.alreadyComplete {
            out += "\(inputName): nothing left to do: this job was finished by an earlier run "
            out += "(\(summary.skipped) rows done, \(summary.rejected) rejected, \(summary.failed) failed); nothing was sent\n"
            out += "ledger: \(ledgerPath)\n"
            if summary.failed > 0 { out += "to send the failed rows again after fixing their cause, add --retry-failed\n" }
            return (out, "")
        }
        if dryRun {
            out += "\(inputName): \(summary.recordsRead) rows read: \(summary.toCreate) to create, \(summary.skipped) already done, "
            out += "\(summary.rejected) rejected (dry run: nothing sent)\n"
            if summary.toCreate > 0 {
                out += "the creates would take about \(OptionParsing.describe(seconds: summary.estimatedSeconds)) at \(rateLimit)\n"
            }
        } else {
            out += "\(inputName): \(summary.recordsRead) rows read, \(summary.created) created, \(summary.skipped) skipped (already done), "
            out += "\(summary.rejected) rejected, \(summary.failed) failed"
            if summary.unresolved > 0 { out += ", \(summary.unresolved) unresolved" }
            if summary.alreadyImported > 0 { out += ", \(summary.alreadyImported) already imported by another job" }
            if summary.duplicateFound > 0 { out += ", \(summary.duplicateFound) with duplicates found" }
            if summary.indeterminate > 0 { out += ", \(summary.indeterminate) indeterminate" }
            if summary.notSent > 0 { out += ", \(summary.notSent) not sent" }
            out += String(format: " in %.1f s (%.1f inquiries/s)", summary.seconds, summary.averageRate)
            out += "; \(summary.retries) retries, \(summary.rateLimited) rate-limited answers"
            if summary.reconciliations > 0 { out += ", \(summary.reconciliations) reconciliations" }
            out += "\n"
            out += "ledger: \(ledgerPath)\n"
        }
        if summary.duplicateReferenceIDs > 0 {
            out += "\(summary.duplicateReferenceIDs) rows repeat a reference-id of an earlier row and were rejected\n"
        }
        if summary.withoutReferenceID > 0 {
            out += "warning: \(summary.withoutReferenceID) valid rows have no reference-id; after a server error they cannot be reconciled\n"
        }
        if let path = summary.rejectsPath {
            out += "rejected rows written to \(path) (fix them there and feed the file back as input)\n"
        }
        if !summary.topReasons.isEmpty {
            out += "most common reasons:\n"
            for (reason, count) in summary.topReasons { out += "  \(count) × \(reason)\n" }
        }
        if let next = nextStep(summary) { out += next + "\n" }

        var err = ""
        for row in summary.firstRejects {
            err += "\(inputName):\(row.line): rejected: \(row.reasons.joined(separator: "; "))\n"
        }
        for failure in summary.firstFailures {
            err += "\(inputName):\(failure.line): failed: \(failure.error)"
            if let requestID = failure.requestID { err += " (Request-Id \(requestID))" }
            err += "\n"
        }
        switch summary.stoppedBy {
        case .keyRejected(let failure):
            err += "persona-import: error: the API refused the key (\(failure)); check PERSONA_API_KEY or --api-key-file and the key's permissions\n"
        case .failed(let failure):
            err += "persona-import: error: \(failure.message)\n"
        case .signal(let number):
            err += "persona-import: stopped by signal \(number); requests in flight finished and the ledger is committed\n"
        case .timeLimit:
            err += "persona-import: --time-limit reached; requests in flight finished and the ledger is committed\n"
        case nil: break
        }
        return (out, err)
    }

    /// The plan before a run, one line: rows to create, already done, rejected, and the time
    /// it takes.
    public func plan(_ plan: ImportSummary) -> String {
        var line = "plan: \(plan.toCreate) rows to create, \(plan.skipped) already done, \(plan.rejected) rejected"
        if plan.alreadyComplete {
            line = "plan: nothing to create (the job was finished by an earlier run)"
        } else if plan.toCreate > 0 {
            line += "; about \(OptionParsing.describe(seconds: plan.estimatedSeconds)) at \(rateLimit)"
        }
        return line + "\n"
    }

    /// What to do next, or nil when nothing is left.
    public func nextStep(_ summary: ImportSummary) -> String? {
        guard !dryRun else { return nil }
        // A password in a ledger URL is never printed: the command shows it redacted.
        let shown = arguments.map { PostgresLocation.isURL($0) ? PostgresLocation.redact($0) : $0 }
        let resume = "persona-import run \(shown.joined(separator: " "))"
        if summary.stoppedBy != nil, !summary.jobComplete {
            if case .keyRejected = summary.stoppedBy { return "fix the key, then resume with: \(resume)" }
            if arguments.contains("-") { return "to resume, pipe the same input into the same command again: … | \(resume)" }
            return "to resume, run the same command again: \(resume)"
        }
        if summary.unresolved > 0 {
            return "\(summary.unresolved) rows have no final answer yet; run the same command again to resolve them"
        }
        if summary.duplicateFound + summary.indeterminate > 0 {
            return "rows need a person: persona-import status --ledger \(ledgerPath) lists them; "
                + "persona-import export --ledger \(ledgerPath) --state duplicate-found (or indeterminate) gives their lines"
        }
        if summary.failed > 0 {
            return "to send the failed rows again after fixing their cause: \(resume) --retry-failed"
        }
        return nil
    }
}
