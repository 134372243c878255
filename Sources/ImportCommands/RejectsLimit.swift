import ImportProtocol
import ImportReporting

/// `--max-rejects N` or `--max-rejects P%`: more rejected rows than that stop a run before it
/// sends anything. So many rejects mean a wrong mapping or a truncated export, not bad rows.
public struct RejectsLimit: Sendable, Equatable {
    enum Bound: Sendable, Equatable {
        case rows(Int)
        case percent(Double)
    }

    let bound: Bound

    /// Parses `50` or `5%` (a share of the rows read, 0 to 100).
    public init(parsing text: String) throws(UsageError) {
        let refusal = UsageError("--max-rejects must be a number of rows (e.g. 50) or a percentage of the rows read (e.g. 5%); got '\(text)'")
        if text.hasSuffix("%") {
            guard let percent = Double(text.dropLast()), percent.isFinite, (0...100).contains(percent) else { throw refusal }
            bound = .percent(percent)
        } else {
            guard let rows = Int(text), rows >= 0 else { throw refusal }
            bound = .rows(rows)
        }
    }

    /// Whether `rejected` of `read` rows is more than the limit allows.
    public func isExceeded(rejected: Int, read: Int) -> Bool {
        switch bound {
        case .rows(let rows): rejected > rows
        case .percent(let percent): read > 0 && Double(rejected) * 100 > percent * Double(read)
        }
    }

    /// The run's plan (or a dry run) against the limit: a failure that says what was found and
    /// what to do, or nil.
    public func check(_ plan: ImportSummary, input: String) -> RunFailure? {
        guard isExceeded(rejected: plan.rejected, read: plan.recordsRead) else { return nil }
        let share = plan.recordsRead > 0 ? Double(plan.rejected) * 100 / Double(plan.recordsRead) : 0
        let limit = switch bound {
        case .rows(let rows): "\(rows) rows"
        case .percent(let percent): "\(percent.formatted())%"
        }
        let reasons = plan.topReasons.prefix(3).map { "\($0.count) × \($0.reason)" }.joined(separator: "; ")
        return RunFailure(
            .tooManyRejects,
            "validation rejected \(plan.rejected) of \(plan.recordsRead) rows (\((share * 10).rounded() / 10)%), more than "
                + "--max-rejects \(limit) allows, so nothing was sent. A wrong mapping or a truncated export? "
                + (reasons.isEmpty ? "" : "Most common: \(reasons). ")
                + "persona-import validate \(input) (with the same mapping) writes every rejected row and its reasons")
    }
}

extension Double {
    /// `5`, `2.5`: a percentage as written.
    fileprivate func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
