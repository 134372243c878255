import ImportProtocol
import ImportReporting

/// The exit codes of every command: the one table the help texts and docs/cli.md follow.
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    case rowsNeedAttention = 1
    case failure = 2
    case keyRefused = 3
    case usage = 64
    case timeLimit = 75
    case interrupted = 130
    case terminated = 143

    /// What the code means, for the help texts and the docs' table.
    public var meaning: String {
        switch self {
        case .success: "success: every row valid (validate), created or already done (run), or settled (reconcile)"
        case .rowsNeedAttention: "some rows were rejected, failed, are unresolved, or need a person"
        case .failure: "a file, configuration or ledger error"
        case .keyRefused: "the API refused the key"
        case .usage: "invalid usage: an option or argument that cannot be used"
        case .timeLimit: "--time-limit reached with rows left"
        case .interrupted: "interrupted by SIGINT (Ctrl-C)"
        case .terminated: "stopped by SIGTERM"
        }
    }

    /// Whether running the same command again resumes the job.
    public var resumes: Bool { [.rowsNeedAttention, .timeLimit, .interrupted, .terminated].contains(self) }

    /// `Exit codes: 0 success…; 1 …`: the line a command's help ends with.
    public static func helpLine(_ statuses: [ExitStatus] = allCases) -> String {
        let codes = statuses.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: "; ")
        let resumable = statuses.filter(\.resumes).map { String($0.rawValue) }
        let resume = resumable.isEmpty ? "" : " Run the same command again to resume after \(resumable.joined(separator: ", "))."
        return "Exit codes: \(codes).\(resume)"
    }

    /// A run's exit status: how it stopped, then whether any row needs attention. A time limit
    /// that came after the last row was finished is a success.
    public static func of(_ summary: ImportSummary) -> ExitStatus {
        switch summary.stoppedBy {
        case .keyRejected: return .keyRefused
        case .signal(let number): return ExitStatus(rawValue: 128 + number) ?? .interrupted
        case .timeLimit: if !summary.jobComplete { return .timeLimit }
        case .failed(let failure): return of(failure)
        case nil: break
        }
        let needAttention = summary.rejected + summary.failed + summary.unresolved + summary.duplicateFound + summary.indeterminate
        return needAttention > 0 ? .rowsNeedAttention : .success
    }

    /// A failure's exit status: every kind of file, configuration or ledger error is 2 (the
    /// message says which and what to do).
    public static func of(_ failure: RunFailure) -> ExitStatus {
        switch failure.kind {
        case .input, .configuration, .ledger, .ledgerLocked, .lockLost, .output, .refusedRepeatedly, .tooManyRejects: .failure
        }
    }

    /// The exit status of a command stopped early by `reason` (128 + the signal's number).
    public static func ofStop(_ reason: StopReason?) -> ExitStatus {
        if case .signal(let number)? = reason { return ExitStatus(rawValue: 128 + number) ?? .interrupted }
        return .interrupted
    }

    /// `reconcile`'s exit status: how it stopped, then whether rows are left unsettled (rows
    /// that need a person, could not be looked up, or are left for the run).
    public static func of(reconcile report: ReconcileReport) -> ExitStatus {
        switch report.stoppedBy {
        case .keyRejected: return .keyRefused
        case .signal(let number): return ExitStatus(rawValue: 128 + number) ?? .interrupted
        case .failed(let failure): return of(failure)
        case .timeLimit, nil: break
        }
        return report.unsettled > 0 ? .rowsNeedAttention : .success
    }
}
