import CommandLineValues
import ImportCore
import ImportProtocol
import PersonaClient

/// The outcome of `persona-import run`: counts per outcome and what is left to do.
public struct ImportSummary: Sendable {
    /// Data records read (row errors from the reader included).
    public var recordsRead = 0
    public var valid = 0
    /// Rows rejected by mapping or validation, or as a repeated reference-id.
    public var rejected = 0
    /// Of `rejected`: rows whose reference-id an earlier row of the input already has.
    public var duplicateReferenceIDs = 0
    /// Valid rows without a reference-id (they cannot be reconciled after a server error).
    public var withoutReferenceID = 0
    /// Rows final in the ledger before this run (created, or failed without `--retry-failed`).
    public var skipped = 0
    /// Rows this run would send (dry run) or handed to the workers.
    public var toCreate = 0
    public var created = 0
    /// Rows Persona refused for good (400, 404, 409, 422, …).
    public var failed = 0
    /// Rows sent without a final answer (network errors, 5xx, stopped mid-request): a rerun
    /// sends them again with the same Idempotency-Key.
    public var unresolved = 0
    /// Rows taken but not sent because the run stopped.
    public var notSent = 0
    /// Rows whose reference-id another job of the ledger already created an inquiry for.
    public var alreadyImported = 0
    /// Rows for which reconciliation found several inquiries (a person decides).
    public var duplicateFound = 0
    /// Rows sent with an unknown outcome that cannot be looked up (no reference-id).
    public var indeterminate = 0
    /// Lookups by reference-id after a 5xx or past the idempotency window.
    public var reconciliations = 0
    /// Attempts beyond each row's first.
    public var retries = 0
    /// 429 (and 403 quota) answers received.
    public var rateLimited = 0
    /// The most common rejection reasons and the first rejected rows.
    public var topReasons: [(reason: String, count: Int)] = []
    public var firstRejects: [RowError] = []
    /// The first rows that failed: line, reference-id, error and Request-Id.
    public var firstFailures: [(line: Int, referenceID: String?, error: String, requestID: String?)] = []
    public var rejectsPath: String?
    /// Rejected and failed rows grouped by reason, with their first lines.
    public var rejectedByReason: [ReasonLines.Group] = []
    public var failedByReason: [ReasonLines.Group] = []
    /// Creates, 429s and rate-limit waits second by second (merged for long runs).
    public var timeline: [TimelinePoint] = []
    /// Why the run stopped early, if it did.
    public var stoppedBy: StopReason?
    /// True when the job has nothing left to do (no pending or unresolved row).
    public var jobComplete = false
    /// The job's created inquiries by status, as `follow` and the webhook receiver last
    /// recorded them when the run ended (empty for a dry run).
    public var inquiryStatuses: [String: Int] = [:]
    /// True when the job had been finished by an earlier run: nothing was read or sent.
    public var alreadyComplete = false
    /// True when the job existed before this run.
    public var resumed = false
    /// Seconds the creates would take at the rate in force (dry run).
    public var estimatedSeconds: Double = 0
    public var seconds: Double = 0

    public init() {}

    /// Creates per second: over the timeline's seconds when there is one (the same seconds the
    /// peak is taken from, so the average never exceeds the peak), else over the run's time.
    public var averageRate: Double {
        let span = timeline.reduce(0) { $0 + $1.width }
        if span > 0 { return Double(created) / Double(span) }
        return seconds > 0 ? Double(created) / seconds : 0
    }

    /// The most creates in one second of the timeline.
    public var peakRate: Double {
        timeline.map { Double($0.created) / Double(max(1, $0.width)) }.max() ?? 0
    }

    /// Seconds the run waited for rate-limit windows.
    public var secondsWaitingForRateLimit: Int { timeline.reduce(0) { $0 + $1.waiting } }
}
