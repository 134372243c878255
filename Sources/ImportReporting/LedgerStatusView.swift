import Foundation
import ImportLedger

/// `persona-import status`'s view of a ledger: its jobs, their rows per state, and the rows
/// that need a person, as text or as one JSON object.
public enum LedgerStatusView {
    /// The text `status` prints; `funnels` holds each job's created inquiries by status.
    public static func text(path: String, jobs: [JobStatus], attention: [LedgerRow], funnels: [Int64: [String: Int]] = [:]) -> String {
        var out = "ledger \(path): \(jobs.count) job\(jobs.count == 1 ? "" : "s")\n"
        for status in jobs {
            let job = status.job
            out += "\njob \(job.id): \(job.description.inputPath) (template \(job.description.template))\n"
            out += "  started \(formatTime(job.createdAt)), last run \(formatTime(status.updatedAt)), "
            out += (job.completedAt.map { "complete since \(formatTime($0))" } ?? "not complete") + "\n"
            let counts = RowState.allCases.filter { status.counts[$0] > 0 }.map { "\(status.counts[$0]) \($0.rawValue)" }
            out += "  rows: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")) + "\n"
            if let funnel = funnels[job.id].flatMap(StatusFunnel.text) { out += "  inquiries: \(funnel)\n" }
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

    /// The JSON object `status --json` prints (sorted keys).
    public static func json(path: String, jobs: [JobStatus], attention: [LedgerRow], funnels: [Int64: [String: Int]] = [:]) throws -> Data {
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
                entry["inquiry-statuses"] = funnels[job.id]
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

/// `2026-11-30 02:00:04 UTC`.
func formatTime(_ seconds: Double) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: Date(timeIntervalSince1970: seconds))
}
