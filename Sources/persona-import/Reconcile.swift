import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
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
            Exit codes: 0 every row settled; 1 some rows need a person, could not be looked \
            up, or are left for the run; 2 ledger or configuration error; 3 the API refused \
            the key.
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var api: APIOptions

    @Option(help: "The rate assumed until Persona's headers tell the real one.")
    var rateLimit = "300/60s"

    func run() throws {
        let logger = makeLogger()
        let report: ReconcileReport
        do {
            let rate = try OptionParsing.rate(rateLimit, option: "--rate-limit")
            let configuration = try api.clientConfiguration(environment: ProcessInfo.processInfo.environment, connections: 1)
            let hold = try ledgerOptions.backend().lock(wait: .zero)
            defer { withExtendedLifetime(hold) {} }
            let (ledger, _) = try ledgerOptions.open()
            let client = PersonaAPIClient(configuration: configuration)
            defer { client.shutdown() }
            let control = RunControl(gate: RateGate(limit: rate.limit, period: rate.period))
            control.stopOnSignals()
            report = try Reconciliation(ledger: ledger, client: client, control: control, logger: logger).run()
        } catch let error as ValidationError {
            throw error
        } catch {
            printError(error)
            throw ExitCode(2)
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
        let person = report.decisions.filter { $0.outcome == "needs a person" }.count
        let leftForTheRun = report.decisions.filter { $0.outcome.hasPrefix("left for the run") }.count
        let settled = report.decisions.count - person - leftForTheRun
        out += "\(settled) rows settled, \(person) need a person, \(report.failures.count) could not be looked up"
        out += leftForTheRun > 0 ? ", \(leftForTheRun) left for the run (rows share a reference-id)\n" : "\n"
        FileHandle.standardOutput.write(Data(out.utf8))
        if case .keyRejected(let failure) = report.stoppedBy {
            printError(ValidationError("the API refused the key (\(failure)); check PERSONA_API_KEY or --api-key-file"))
            throw ExitCode(3)
        }
        if let reason = report.stoppedBy, case .signal(let number) = reason { throw ExitCode(128 + number) }
        // Rows left for the run are still unsettled: not a clean 0.
        if person + leftForTheRun + report.failures.count > 0 { throw ExitCode(1) }
    }
}
