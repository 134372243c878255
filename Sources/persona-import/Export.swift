import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportLedger
import ImportProtocol
import ImportReporting

/// `persona-import export`: one line per row of a job, for the success and error files that
/// bulk-loader users expect.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one line per row of a job: line, reference-id, state, inquiry-id, request-id, attempts, error, inquiry-status, status-changed-at.",
        discussion: """
            Examples:
              persona-import export --ledger customers.csv.ledger.sqlite > outcomes.csv
              persona-import export --state failed --format jsonl --output failed.jsonl
            The output holds reference-ids: a file named with --output is created 0600.
            \(ExitStatus.helpLine([.success, .failure, .usage]))
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv
        case jsonl
    }

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(help: "The job id (see status). Default: the newest job.")
    var job: Int64?

    @Option(help: "csv or jsonl.")
    var format: Format = .csv

    @Option(help: "Only rows in this state: \(RowState.allCases.map(\.rawValue).joined(separator: ", ")).")
    var state: String?

    @Option(help: "Write here (created 0600) instead of standard output.")
    var output: String?

    @Flag(help: "Add each row's one-time link (one-time-link, one-time-link-short, link-expires-at): secrets, so prefer --output.")
    var includeLinks = false

    func validate() throws {
        if let state, RowState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(RowState.allCases.map(\.rawValue).joined(separator: ", ")); got '\(state)'")
        }
    }

    func run() throws {
        do {
            let (ledger, path) = try ledgerOptions.open()
            let jobs = try ledger.jobs()
            guard let chosen = job.map({ id in jobs.first { $0.job.id == id } }) ?? jobs.first else {
                throw RunFailure(.configuration, "\(path): " + (job.map { "no job \($0); persona-import status lists the jobs" } ?? "the ledger has no job yet"))
            }
            var rows = try ledger.rows(job: chosen.job.id)
            if let state = state.flatMap(RowState.init(rawValue:)) { rows = rows.filter { $0.state == state } }
            let statuses = try ledger.statuses(job: chosen.job.id)
            let links = includeLinks ? try ledger.links(job: chosen.job.id) : nil
            let text = format == .csv
                ? LedgerExport.csv(rows, statuses: statuses, links: links)
                : try LedgerExport.jsonLines(rows, statuses: statuses, links: links)
            if let output {
                try OutputFile.writePrivately(Data(text.utf8), to: output)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
