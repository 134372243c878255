import ImportCommands
import ImportReporting
import ImportProtocol
import CommandLineValues
import ArgumentParser
import Foundation
import ImportLedger

/// `persona-import status`: the jobs a ledger holds and where their rows stand.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the jobs in a ledger, their rows per state, and rows that need a person.",
        discussion: """
            Examples:
              persona-import status --ledger customers.csv.ledger.sqlite
              persona-import status --json | jq .jobs[0].counts
            \(ExitStatus.helpLine([.success, .failure, .usage]))
            """)

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        do {
            let (ledger, path) = try ledgerOptions.open()
            let jobs = try ledger.jobs()
            let attention = try ledger.rows(inStates: [.duplicateFound, .indeterminate])
            var funnels: [Int64: [String: Int]] = [:]
            for status in jobs where status.counts[.created] > 0 { funnels[status.job.id] = try ledger.statusFunnel(job: status.job.id) }
            if json {
                FileHandle.standardOutput.write(
                    try LedgerStatusView.json(path: path, jobs: jobs, attention: attention, funnels: funnels) + Data("\n".utf8))
            } else {
                FileHandle.standardOutput.write(
                    Data(LedgerStatusView.text(path: path, jobs: jobs, attention: attention, funnels: funnels).utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError(error)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
