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
            Exit codes: 0 shown; 2 the ledger cannot be read.
            """)

    @OptionGroup var ledgerOptions: LedgerOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        do {
            let (ledger, path) = try ledgerOptions.open()
            let jobs = try ledger.jobs()
            let attention = try ledger.rows(inStates: [.duplicateFound, .indeterminate])
            if json {
                FileHandle.standardOutput.write(try Self.json(path: path, jobs: jobs, attention: attention) + Data("\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(Self.text(path: path, jobs: jobs, attention: attention).utf8))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError(error)
            throw ExitCode(2)
        }
    }

    static func text(path: String, jobs: [JobStatus], attention: [LedgerRow]) -> String {
        var out = "ledger \(path): \(jobs.count) job\(jobs.count == 1 ? "" : "s")\n"
        for status in jobs {
            let job = status.job
            out += "\njob \(job.id): \(job.description.inputPath) (template \(job.description.template))\n"
            out += "  started \(formatTime(job.createdAt)), last run \(formatTime(status.updatedAt)), "
            out += (job.completedAt.map { "complete since \(formatTime($0))" } ?? "not complete") + "\n"
            let counts = RowState.allCases.filter { status.counts[$0] > 0 }.map { "\(status.counts[$0]) \($0.rawValue)" }
            out += "  rows: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")) + "\n"
        }
        if !attention.isEmpty {
            out += "\n\(attention.count) row\(attention.count == 1 ? " needs" : "s need") a person:\n"
            for row in attention.prefix(20) {
                out += "  job \(row.jobID) line \(row.line)\(row.referenceID.map { " reference-id \($0)" } ?? ""): \(row.state.rawValue)"
                if let ids = row.inquiryID { out += " (\(ids))" }
                out += "\n"
            }
            if attention.count > 20 { out += "  … persona-import export --state duplicate-found / indeterminate lists them all\n" }
        }
        return out
    }

    static func json(path: String, jobs: [JobStatus], attention: [LedgerRow]) throws -> Data {
        let object: [String: Any] = [
            "ledger": path,
            "jobs": jobs.map { status -> [String: Any] in
                let job = status.job
                var entry: [String: Any] = [
                    "id": job.id, "input": job.description.inputPath, "input-sha256": job.description.inputSHA256,
                    "template": job.description.template, "started-at": formatTime(job.createdAt),
                    "last-run-at": formatTime(status.updatedAt), "complete": job.completedAt != nil,
                    "counts": Dictionary(uniqueKeysWithValues: RowState.allCases.map { ($0.rawValue, status.counts[$0]) }),
                    "rows": status.counts.total,
                ]
                entry["completed-at"] = job.completedAt.map(formatTime)
                return entry
            },
            "needs-a-person": attention.map { row -> [String: Any] in
                var entry: [String: Any] = ["job": row.jobID, "line": row.line, "state": row.state.rawValue]
                entry["reference-id"] = row.referenceID
                entry["inquiry-ids"] = row.inquiryID?.split(separator: ",").map(String.init)
                return entry
            },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
