import ArgumentParser
import CommandLineValues
import Foundation
import ImportCommands
import ImportLedger
import ImportProtocol
import InquiryFollowUp
import PersonaClient

/// `persona-import links`: fresh one-time links for a job's created inquiries.
struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue one-time links for a job's created inquiries that have none or whose link expired, into the ledger.",
        discussion: """
            Each link comes from POST /inquiries/{id}/generate-one-time-link, paced like a run, \
            and is recorded as soon as it comes: a stop loses none already issued, and running \
            it again asks only for those still missing. Links are secrets: they are printed \
            nowhere; export --include-links --output FILE writes them (0600).

            Example:
              PERSONA_API_KEY=… persona-import links --ledger customers.csv.ledger.sqlite --expires-in 7d
              persona-import export --include-links --output links.csv
            \(ExitStatus.helpLine([.success, .rowsNeedAttention, .failure, .keyRefused, .usage, .interrupted, .terminated]))
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var api: APIOptions

    @Option(help: "The job id (see status). Default: the newest job.")
    var job: Int64?

    @Flag(help: "A fresh link for every created inquiry, not only those with none or an expired one.")
    var all = false

    @Option(help: "How long the links stay valid, e.g. 72h or 7d (default: the template's setting, 24 hours unless changed).")
    var expiresIn: String?

    @Option(help: "The rate assumed until Persona's headers tell the real one.")
    var rateLimit = RunRequest.defaultRateLimit

    func validate() throws {
        _ = try lifetime()
    }

    private func lifetime() throws -> Int? {
        guard let expiresIn else { return nil }
        do {
            let seconds = try OptionParsing.duration(expiresIn, option: "--expires-in")
            guard seconds >= 1, seconds <= Double(Int32.max) else {
                throw ValidationError("--expires-in must be between 1 second and 68 years; got '\(expiresIn)'")
            }
            return Int(seconds.rounded())
        } catch let error as OptionError {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let logger = makeLogger()
        let location = try ledgerOptions.location()
        let expires = try lifetime()
        let setup = try exitingOnFailure {
            try ReconcileSetup(
                api: api.access, location: location, rateLimit: rateLimit, environment: ProcessInfo.processInfo.environment,
                userAgent: PersonaImport.userAgent, holdsLock: false)
        }
        defer { setup.client.shutdown() }
        setup.control.stopOnSignals()
        let report = try exitingOnFailure {
            let chosen = try setup.job(job)
            let issuer = LinkIssuer(store: setup.ledger, client: setup.client, gate: setup.control.gate, logger: logger)
            return try issuer.issue(job: chosen.id, all: all, expiresIn: expires)
        }
        var out = "\(report.issued) one-time link\(report.issued == 1 ? "" : "s") issued of \(report.asked) asked"
        out += report.refused.isEmpty ? "\n" : "; Persona refused \(report.refused.count):\n"
        for (inquiry, reason) in report.refused.sorted(by: { $0.key < $1.key }).prefix(20) { out += "  \(inquiry): \(reason)\n" }
        if report.issued > 0 { out += "to send them: persona-import export --include-links --output links.csv (created 0600)\n" }
        printOut(out)
        if let failure = report.stoppedBy {
            printError(ValidationError("Persona answered \(failure); run persona-import links again to go on"))
            throw ExitCode(failure.status == 401 || failure.status == 403 ? ExitStatus.keyRefused.rawValue : ExitStatus.failure.rawValue)
        }
        if report.cancelled { throw ExitCode(ExitStatus.ofStop(setup.control.stopReason).rawValue) }
        if !report.refused.isEmpty { throw ExitCode(ExitStatus.rowsNeedAttention.rawValue) }
    }
}
