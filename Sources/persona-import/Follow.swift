import ArgumentParser
import Foundation
import ImportCommands
import ImportLedger
import ImportProtocol
import ImportReporting
import InquiryFollowUp
import PersonaClient

/// `persona-import follow`: reads each created inquiry's status back into the ledger.
struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the status of a job's created inquiries that are not final yet, 100 to a request, into the ledger.",
        discussion: """
            Final statuses (approved, declined, failed, expired) are not read again; completed \
            and needs_review are not final. Each batch is recorded as it comes, so a stop loses \
            nothing already read; run it again to go on. status shows the funnel.

            Example:
              PERSONA_API_KEY=… persona-import follow --ledger customers.csv.ledger.sqlite
            \(ExitStatus.helpLine([.success, .failure, .keyRefused, .usage, .interrupted, .terminated]))
            """)

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var api: APIOptions

    @Option(help: "The job id (see status). Default: the newest job.")
    var job: Int64?

    @Option(help: "The rate assumed until Persona's headers tell the real one.")
    var rateLimit = RunRequest.defaultRateLimit

    @Option(help: "Write the job's inquiries by status here (Prometheus text format), e.g. for node_exporter.")
    var metricsFile: String?

    func run() throws {
        let metrics = metricsFile.map { _ in RunMetricsFile.bootstrap() }
        let logger = makeLogger()
        let location = try ledgerOptions.location()
        let setup = try exitingOnFailure {
            try ReconcileSetup(
                api: api.access, location: location, rateLimit: rateLimit, environment: ProcessInfo.processInfo.environment,
                userAgent: PersonaImport.userAgent, holdsLock: false)
        }
        defer { setup.client.shutdown() }
        setup.control.stopOnSignals()
        let (report, funnel, unusedLinks) = try exitingOnFailure {
            let chosen = try setup.job(job)
            let follower = StatusFollower(
                store: setup.ledger, reader: InquiryStatusReader(client: setup.client, gate: setup.control.gate), logger: logger)
            let report = try follower.follow(job: chosen.id)
            let unused = UnusedLinks.count(
                links: try setup.ledger.links(job: chosen.id), statuses: try setup.ledger.statuses(job: chosen.id),
                now: Date().timeIntervalSince1970)
            return (report, try setup.ledger.statusFunnel(job: chosen.id), unused)
        }
        var out = "followed \(report.asked) inquir\(report.asked == 1 ? "y" : "ies") in \(report.requests) request\(report.requests == 1 ? "" : "s"): "
        out += "\(report.changed) changed, \(report.notListed) not listed by Persona\n"
        if let text = StatusFunnel.text(funnel) { out += "inquiries: \(text)\n" }
        if unusedLinks.expiring + unusedLinks.expired > 0 {
            out += "one-time links not used yet: \(unusedLinks.expiring) expire within a day, \(unusedLinks.expired) expired"
            out += unusedLinks.expired > 0 ? " (persona-import links issues fresh ones)\n" : "\n"
        }
        printOut(out)
        if let metricsFile, let metrics {
            do {
                try metrics.writeFollow(funnel: funnel, unusedLinks: unusedLinks, to: metricsFile)
            } catch {
                printError(error)
            }
        }
        if let failure = report.failure {
            printError(ValidationError("Persona answered \(failure); run persona-import follow again to go on"))
            throw ExitCode(failure.status == 401 || failure.status == 403 ? ExitStatus.keyRefused.rawValue : ExitStatus.failure.rawValue)
        }
        if report.cancelled { throw ExitCode(ExitStatus.ofStop(setup.control.stopReason).rawValue) }
    }
}
