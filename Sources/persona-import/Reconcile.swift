import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import ImportCommands
import Foundation
import ImportLedger
import ImportPipeline
import PersonaClient

/// `persona-import reconcile`: settles rows whose outcome is unknown, without creating anything.
struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up rows left sending or indeterminate by reference-id, without sending any create.",
        discussion: """
            One look-up per person, for the person's rows in every job. One inquiry found: \
            the rows become created with its id. Several: duplicate-found (a person decides \
            which to keep). None: the newest job's row is pending under a new key, so the next \
            run sends it, and older jobs' rows are superseded. Rows without a reference-id are \
            listed for a person; rows of one job sharing a reference-id are left for the run.

            Example:
              PERSONA_API_KEY=… persona-import reconcile --ledger customers.csv.ledger.sqlite
            \(ExitStatus.helpLine([.success, .rowsNeedAttention, .failure, .keyRefused, .usage, .interrupted, .terminated]))
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var api: APIOptions

    @Option(help: "The rate assumed until Persona's headers tell the real one.")
    var rateLimit = RunRequest.defaultRateLimit

    func run() throws {
        let logger = makeLogger()
        let report: ReconcileReport
        let location = try ledgerOptions.location()
        do {
            let setup = try ReconcileSetup(
                api: api.access, location: location, rateLimit: rateLimit, environment: ProcessInfo.processInfo.environment,
                userAgent: PersonaImport.userAgent)
            defer { setup.client.shutdown() }
            setup.control.stopOnSignals()
            report = try Reconciliation(ledger: setup.ledger, client: setup.client, control: setup.control, logger: logger).run()
        } catch let error as RunFailure {
            printError(error)
            throw ExitCode(ExitStatus.of(error).rawValue)
        } catch {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        var out = ""
        for decision in report.decisions {
            out += "line \(decision.row.line) (job \(decision.row.jobID)\(decision.row.referenceID.map { ", reference-id \($0)" } ?? "")): "
            out += "\(decision.row.state.rawValue) → \(decision.outcome)"
            if !decision.inquiryIDs.isEmpty { out += " (\(decision.inquiryIDs.joined(separator: ", ")))" }
            out += "\n"
        }
        for failure in report.failures {
            out += "line \(failure.row.line) (job \(failure.row.jobID)): not looked up: \(failure.reason)\n"
        }
        out += "\(report.settled) rows settled, \(report.needingAPerson) need a person, \(report.failures.count) could not be looked up"
        out += report.leftForTheRun > 0 ? ", \(report.leftForTheRun) left for the run (rows share a reference-id)\n" : "\n"
        printOut(out)
        if case .keyRejected(let failure) = report.stoppedBy {
            printError(ValidationError("the API refused the key (\(failure)); check PERSONA_API_KEY or --api-key-file"))
        }
        let status = ExitStatus.of(reconcile: report)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
