import ImportReporting
import ImportProtocol
import CommandLineValues
import Foundation
import ImportPipeline
import PersonaClient
import PostgresLedger

/// Prints a run's summary and says what to do next; maps it to the exit status.
struct RunSummaryPrinter {
    var inputName: String
    var ledgerPath: String
    var dryRun: Bool
    var rateLimit: String

    /// 0 all done; 1 rows rejected, failed or unresolved; 2 file/configuration/ledger error;
    /// 3 key refused; 75 time limit with rows left; 130/143 signals.
    static func exitCode(_ summary: ImportSummary) -> Int32 {
        switch summary.stoppedBy {
        case .keyRejected: return 3
        case .signal(let number): return 128 + number
        case .timeLimit: if !summary.jobComplete { return 75 }
        case .error: return 2
        case nil: break
        }
        return summary.rejected + summary.failed + summary.unresolved + summary.duplicateFound + summary.indeterminate > 0 ? 1 : 0
    }

    func print(_ summary: ImportSummary) {
        var out = ""
        if summary.alreadyComplete {
            out += "\(inputName): nothing left to do: this job was finished by an earlier run "
            out += "(\(summary.skipped) rows done, \(summary.rejected) rejected, \(summary.failed) failed); nothing was sent\n"
            out += "ledger: \(ledgerPath)\n"
            if summary.failed > 0 { out += "to send the failed rows again after fixing their cause, add --retry-failed\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
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
        FileHandle.standardOutput.write(Data(out.utf8))

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
        case .error(let message):
            err += "persona-import: error: \(message)\n"
        case .signal(let number):
            err += "persona-import: stopped by signal \(number); requests in flight finished and the ledger is committed\n"
        case .timeLimit:
            err += "persona-import: --time-limit reached; requests in flight finished and the ledger is committed\n"
        case nil: break
        }
        if !err.isEmpty { FileHandle.standardError.write(Data(err.utf8)) }
    }

    /// The plan before a run: rows to create, already done, rejected, and the time it takes.
    func printPlan(_ plan: ImportSummary) {
        var line = "plan: \(plan.toCreate) rows to create, \(plan.skipped) already done, \(plan.rejected) rejected"
        if plan.alreadyComplete {
            line = "plan: nothing to create (the job was finished by an earlier run)"
        } else if plan.toCreate > 0 {
            line += "; about \(OptionParsing.describe(seconds: plan.estimatedSeconds)) at \(rateLimit)"
        }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func nextStep(_ summary: ImportSummary) -> String? {
        guard !dryRun else { return nil }
        // A password in a ledger URL is never printed: the command shows it redacted.
        let arguments = CommandLine.arguments.dropFirst(2).map { PostgresLocation.isURL($0) ? PostgresLocation.redact($0) : $0 }
        let resume = "persona-import run \(arguments.joined(separator: " "))"
        if summary.stoppedBy != nil, !summary.jobComplete {
            if case .keyRejected = summary.stoppedBy { return "fix the key, then resume with: \(resume)" }
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
